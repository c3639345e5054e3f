/** The profile names `--profile` accepts, for the completion scripts: quiet (a broken config file completes nothing). */
import {loadConfig} from '../config/profiles.js';

export function profileNames(env: NodeJS.ProcessEnv): string[] {
	try {
		return loadConfig(env).profiles.map((p) => p.name);
	} catch {
		return [];
	}
}
