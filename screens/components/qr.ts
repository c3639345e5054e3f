/**
 * QR codes for the terminal (qrcode-terminal, half-block "small" mode). An otpauth URL with every parameter is
 * too tall for 80×24, so the code is drawn from the shortest equivalent URL that fits: the parameters
 * algorithm=SHA1, digits=6 and period=30 are what every authenticator app assumes when they are absent, and the
 * issuer is also carried in the label prefix (`Issuer:account`). The full URL is always shown as text beside it.
 */
import qrcode from 'qrcode-terminal';

function render(text: string): string[] {
	let out = '';
	qrcode.generate(text, {small: true}, (s: string) => {
		out = s;
	});
	return out.split('\n').filter((line) => line.length > 0);
}

/** Variants of an otpauth URL from fullest to shortest, all naming the same secret and account. */
export function otpauthVariants(url: string): string[] {
	const variants = [url];
	const match = /^(otpauth:\/\/[^?]+)\?(.*)$/i.exec(url);
	if (!match) return variants;
	const [, base, query] = match as unknown as [string, string, string];
	// String surgery, not URLSearchParams: re-serializing would turn %20 into '+', which some apps read literally.
	const params = query.split('&');
	const isDefault = (p: string): boolean => /^(algorithm=sha1|digits=6|period=30)$/i.test(p);
	const short = params.filter((p) => !isDefault(p));
	variants.push(`${base}?${short.join('&')}`);
	if (decodeURIComponent(base).slice('otpauth://totp/'.length).includes(':')) {
		variants.push(`${base}?${short.filter((p) => !/^issuer=/i.test(p)).join('&')}`);
	}
	return [...new Set(variants)];
}

/** The QR lines for the fullest variant that fits, or null when none does. */
export function qrLines(url: string, maxHeight: number, maxWidth: number): string[] | null {
	for (const variant of otpauthVariants(url)) {
		const lines = render(variant);
		if (lines.length <= maxHeight && (lines[0]?.length ?? 0) <= maxWidth) return lines;
	}
	return null;
}
