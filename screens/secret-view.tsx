/**
 * One-time secrets: a new TOTP authenticator (QR code, grouped secret, URL) or new backup codes. They live only in
 * the overlay's state; closing the view drops them, and nothing here is logged or written anywhere.
 */
import {Box, Text} from 'ink';
import type {Overlay} from './state/types.js';
import {groupSecret} from '../src/api/totp.js';
import {qrLines} from './components/qr.js';
import {color} from './components/theme.js';
import {TextField} from './components/text-field.js';

/** The secret in rows of four groups of four, so it never wraps mid-group. */
function secretRows(secret: string): string[] {
	const groups = groupSecret(secret).split(' ');
	const rows: string[] = [];
	for (let i = 0; i < groups.length; i += 4) rows.push(groups.slice(i, i + 4).join(' '));
	return rows;
}

type SecretOverlay = Extract<Overlay, {type: 'totp'} | {type: 'codes'} | {type: 'reveal'}>;

export function SecretView({overlay, width, height}: {readonly overlay: SecretOverlay; readonly width: number; readonly height: number}) {
	if (overlay.type === 'reveal') {
		return (
			<Box flexDirection="column" width={width}>
				<Text bold color={color('warn')}>
					{overlay.title}: shown once, never stored by this app
				</Text>
				<Text> </Text>
				{overlay.items.map((item) => (
					<Box key={item.label} flexDirection="column">
						<Text color={color('dim')}>{item.label}</Text>
						<Text wrap="wrap">{item.value}</Text>
					</Box>
				))}
				<Text> </Text>
				<Text color={color('dim')}>Esc or Enter closes this view and forgets it.</Text>
			</Box>
		);
	}
	if (overlay.type === 'codes') {
		return (
			<Box flexDirection="column" width={width}>
				<Text bold color={color('warn')}>
					New backup codes for {overlay.user.name}: shown once, never stored by this app
				</Text>
				<Text color={color('dim')}>Give them to the user over a channel you trust. Every previous code has stopped working.</Text>
				<Text> </Text>
				{overlay.codes.map((code, i) => (
					<Text key={i}>
						{String(i + 1).padStart(4)}. {code}
					</Text>
				))}
				<Text> </Text>
				<Text color={color('dim')}>Esc or Enter closes this view and forgets the codes.</Text>
			</Box>
		);
	}
	const {enrollment, user} = overlay;
	const textWidth = Math.max(20, width - 44);
	const qr = qrLines(enrollment.otpUrl, height, Math.max(0, width - 30));
	const info = (
		<Box flexDirection="column" width={qr ? textWidth : width} paddingLeft={qr ? 1 : 0}>
			<Text bold color={color('warn')}>
				TOTP authenticator for {user.name}
			</Text>
			<Text color={color('dim')}>Shown once. Scan the code, or type the secret:</Text>
			<Text> </Text>
			{secretRows(enrollment.secret).map((row) => (
				<Text key={row} bold>
					{row}
				</Text>
			))}
			<Text> </Text>
			<Text color={color('dim')}>Account: {enrollment.accountName}</Text>
			<Text color={color('dim')}>SHA1 · 6 digits · 30 s</Text>
			<Text> </Text>
			<Text wrap="wrap">{enrollment.otpUrl}</Text>
			<Text> </Text>
			{qr ? null : <Text color={color('warn')}>The terminal is too small for the QR code; enlarge it to see one.</Text>}
			{enrollment.needsActivation ? (
				<Box flexDirection="column">
					<Text>Code from the app, then Enter (Esc leaves it pending):</Text>
					<Box>
						<Text color={color('accent')}>› </Text>
						<TextField value={overlay.input} />
					</Box>
					{overlay.error ? (
						<Text color={color('error')} wrap="wrap">
							{overlay.error}
						</Text>
					) : null}
				</Box>
			) : (
				<Text color={color('dim')}>Esc or Enter closes and forgets the secret.</Text>
			)}
		</Box>
	);
	return (
		<Box width={width}>
			{qr ? (
				<Box flexDirection="column" flexShrink={0}>
					{qr.map((line, i) => (
						<Text key={i}>{line}</Text>
					))}
				</Box>
			) : null}
			{info}
		</Box>
	);
}
