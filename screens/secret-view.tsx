/**
 * One-time secrets: a new TOTP authenticator (QR code, grouped secret, URL), new backup codes, one-time links or
 * passwords. They live only in the overlay's state; closing the view drops them, and nothing here is logged.
 *
 * A value shown once is shown whole or not at all: every line is laid out here, to the cell, before Ink sees it
 * (Ink squeezes a column that is too tall for its box and draws the squeezed lines over each other, which once cut
 * the first letter off a secret's row). What must be read off the screen — the secret, every code, every link —
 * either fits, or the view says how large the terminal must be and keeps the value until it is closed.
 */
import {Box, Text} from 'ink';
import {groupSecret} from '../src/api/totp.js';
import {cellWidth, chunks, readAloud, wrapWords} from '../src/format.js';
import {qrLines} from './components/qr.js';
import {color, type Tone} from './components/theme.js';
import {TextField} from './components/text-field.js';
import type {Overlay} from './state/types.js';

type SecretOverlay = Extract<Overlay, {type: 'totp'} | {type: 'codes'} | {type: 'reveal'}>;

/** One line of the view, already cut to the width. */
interface Line {
	readonly text: string;
	readonly tone?: Tone;
	readonly bold?: boolean;
	/** The text field of the activation code goes here. */
	readonly input?: boolean;
}

/** A group of lines shown together or not at all. */
interface Block {
	readonly lines: readonly Line[];
	/** Must be on screen for the view to be of use; optional blocks go, lowest priority first, when space runs out. */
	readonly required: boolean;
	/** Higher stays longer. */
	readonly priority?: number;
}

/** The secret in groups of four, as many groups to a row as fit, never wrapped mid-group. */
export function secretRows(secret: string, width: number): string[] {
	const groups = groupSecret(secret).split(' ');
	const perRow = Math.max(1, Math.min(4, Math.floor((width + 1) / 5)));
	const rows: string[] = [];
	for (let i = 0; i < groups.length; i += perRow) rows.push(groups.slice(i, i + perRow).join(' '));
	return rows;
}

const blank: Line = {text: ''};

/**
 * The blocks that fit in `height` rows, in their order: required ones always (or null when even they do not fit),
 * then optional ones by priority. Blank spacer lines are the first to go.
 */
export function fitBlocks(blocks: readonly Block[], height: number): Line[] | null {
	const required = blocks.filter((b) => b.required).reduce((n, b) => n + b.lines.length, 0);
	if (required > height) return null;
	let room = height - required;
	const kept = new Set<Block>(blocks.filter((b) => b.required));
	const optional = blocks.filter((b) => !b.required).sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
	for (const block of optional) {
		if (block.lines.length <= room) {
			kept.add(block);
			room -= block.lines.length;
		}
	}
	return blocks.filter((b) => kept.has(b)).flatMap((b) => b.lines);
}

/** What to say when the value cannot be shown whole: how large the terminal must be, and that nothing is lost. */
function tooSmall(what: string, needRows: number, needColumns: number, width: number): Line[] {
	return [
		...wrapWords(`The ${what} does not fit whole on this terminal.`, width).map((text) => ({text, tone: 'warn' as const, bold: true})),
		...wrapWords(`Enlarge it to at least ${needColumns}×${needRows}: the ${what} stays here until you close this view (Esc).`, width).map((text) => ({text, tone: 'warn' as const})),
	];
}

function Lines({lines, width, input}: {readonly lines: readonly Line[]; readonly width: number; readonly input?: string}) {
	return (
		<Box flexDirection="column" width={width} flexShrink={0}>
			{lines.map((line, i) =>
				line.input ? (
					<Box key={i} flexShrink={0}>
						<Text color={color('accent')}>› </Text>
						<TextField value={input ?? ''} />
					</Box>
				) : (
					<Text key={i} color={color(line.tone)} bold={line.bold} wrap="truncate-end">
						{line.text === '' ? ' ' : line.text}
					</Text>
				),
			)}
		</Box>
	);
}

/** Title lines: cut to the width, never wrapped (the title is not the secret). */
const title = (text: string, width: number): Line => ({text: cellWidth(text) > width ? `${[...text].slice(0, Math.max(1, width - 1)).join('')}…` : text, tone: 'warn', bold: true});
const dim = (text: string, width: number): Line[] => wrapWords(text, width).map((t) => ({text: t, tone: 'dim' as const}));

export function SecretView({overlay, width, height}: {readonly overlay: SecretOverlay; readonly width: number; readonly height: number}) {
	if (overlay.type === 'reveal') {
		const blocks: Block[] = [
			{lines: [title(`${overlay.title}: shown once, never stored by this app`, width)], required: true},
			{lines: [blank], required: false, priority: 1},
			...overlay.items.map((item): Block => ({lines: [{text: chunks(item.label, width)[0]!, tone: 'dim'}, ...chunks(item.value, width).map((text) => ({text, bold: true}))], required: true})),
			{lines: [blank], required: false, priority: 1},
			{lines: dim('Esc or Enter closes this view and forgets it.', width), required: false, priority: 5},
		];
		const need = blocks.filter((b) => b.required).reduce((n, b) => n + b.lines.length, 0);
		return <Lines lines={fitBlocks(blocks, height) ?? tooSmall('value', need + 3, width, width)} width={width} />;
	}
	if (overlay.type === 'codes') {
		// As many columns of codes as fit: 12 codes take 6 rows in two columns, 4 in three.
		const cell = Math.max(...overlay.codes.map((c) => cellWidth(c))) + 6;
		const columns = Math.max(1, Math.min(3, Math.floor((width + 2) / (cell + 2))));
		const perColumn = Math.ceil(overlay.codes.length / columns);
		const rows: Line[] = [];
		for (let r = 0; r < perColumn; r++) {
			const parts: string[] = [];
			for (let c = 0; c < columns; c++) {
				const i = c * perColumn + r;
				const code = overlay.codes[i];
				if (code !== undefined) parts.push(`${String(i + 1).padStart(3)}. ${code}`.padEnd(cell));
			}
			rows.push({text: parts.join('  ').trimEnd(), bold: true});
		}
		const ambiguous = readAloud(overlay.codes);
		const blocks: Block[] = [
			{lines: [title(`New backup codes for ${overlay.user.name}: shown once`, width)], required: true},
			{lines: dim('Give them to the user over a channel you trust. Every previous code has stopped working.', width), required: false, priority: 3},
			{lines: [blank], required: false, priority: 1},
			{lines: rows, required: true},
			...(ambiguous ? [{lines: dim(ambiguous, width), required: false, priority: 4}] : []),
			{lines: [blank], required: false, priority: 1},
			{lines: dim('Esc or Enter closes this view and forgets the codes.', width), required: false, priority: 5},
		];
		const need = 1 + rows.length;
		return <Lines lines={fitBlocks(blocks, height) ?? tooSmall('list of codes', need + 3, width, width)} width={width} />;
	}

	const {enrollment, user} = overlay;
	// The QR code goes beside the text when both fit; the text column never gets narrower than a secret row.
	const qr = qrLines(enrollment.otpUrl, height, Math.max(0, width - 30));
	const qrWidth = qr ? (qr[0]?.length ?? 0) + 1 : 0;
	const textWidth = width - qrWidth;
	const activation: Block[] = enrollment.needsActivation
		? [
				{lines: dim('Code from the app, then Enter (Esc leaves it pending):', textWidth).map((l) => ({...l, tone: undefined})), required: true},
				{lines: [{text: '', input: true}], required: true},
				...(overlay.error ? [{lines: wrapWords(overlay.error, textWidth).map((text) => ({text, tone: 'error' as const})), required: true}] : []),
			]
		: [{lines: dim('Esc or Enter closes and forgets the secret.', textWidth), required: false, priority: 6}];
	const secret = secretRows(enrollment.secret, textWidth);
	const blocks: Block[] = [
		{lines: [title(`TOTP authenticator for ${user.name}`, textWidth)], required: true},
		{lines: dim(qr ? 'Shown once. Scan the code, or type the secret:' : 'Shown once. Type the secret into the app:', textWidth), required: false, priority: 4},
		{lines: [blank], required: false, priority: 1},
		{lines: secret.map((text) => ({text, bold: true})), required: true},
		{lines: [blank], required: false, priority: 1},
		{lines: dim(`Account: ${enrollment.accountName}`, textWidth), required: false, priority: 5},
		{lines: dim('SHA1 · 6 digits · 30 s', textWidth), required: false, priority: 5},
		{lines: [blank], required: false, priority: 1},
		// The whole URL or none of it: a part of it would enroll nothing, or the wrong secret.
		{lines: chunks(enrollment.otpUrl, textWidth).map((text) => ({text})), required: false, priority: 2},
		{lines: [blank], required: false, priority: 1},
		...(qr ? [] : [{lines: wrapWords('The terminal is too small for the QR code; enlarge it to see one.', textWidth).map((text) => ({text, tone: 'warn' as const})), required: false, priority: 3}]),
		...activation,
	];
	const fitted = fitBlocks(blocks, height);
	if (!fitted) {
		const need = blocks.filter((b) => b.required).reduce((n, b) => n + b.lines.length, 0);
		return <Lines lines={tooSmall('secret', need + 3, width, width)} width={width} />;
	}
	return (
		<Box width={width} height={height} overflow="hidden">
			{qr ? (
				<Box flexDirection="column" flexShrink={0} width={qrWidth}>
					{qr.map((line, i) => (
						<Text key={i}>{line}</Text>
					))}
				</Box>
			) : null}
			<Lines lines={fitted} width={textWidth} input={overlay.input} />
		</Box>
	);
}
