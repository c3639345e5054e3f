/**
 * The one check for files that hold, or lead to, something private (the audit journal, the config file, a token
 * file): group and others may have no access at all, and the refusal says how to fix it.
 */

/** Why `mode` is too open for `what` at `path`, or null when only the owner has access. */
export function openModeProblem(what: string, path: string, mode: number): string | null {
	if ((mode & 0o077) === 0) return null;
	const octal = (mode & 0o777).toString(8).padStart(4, '0');
	return `${what} ${path} is readable or writable by group or others (mode ${octal}); run: chmod 600 ${path}`;
}
