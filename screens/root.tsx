/**
 * Hosts the app on one backend at a time and switches profile without a restart: the chosen profile is
 * connected (its token resolved) while the current app keeps running; on success the app is mounted afresh on
 * the new backend, on failure the operator stays where they were and reads why.
 */
import {useRef, useState} from 'react';
import {App} from './app.js';
import type {Backend} from '../src/config/connect.js';
import {describeProfile, type Profile} from '../src/config/profiles.js';
import type {Flash} from './state/types.js';
import {redactText} from '../src/api/redact.js';
import type {Output} from '../src/incident/output.js';
import type {RecentStore} from '../src/config/recent.js';

/** One line of the quit summary: what was done, and on which tenant. */
export interface RunRecord {
	readonly profile: string;
	readonly host: string;
	readonly line: string;
}

export interface RootProps {
	readonly initial: Backend;
	readonly profiles: readonly Profile[];
	readonly connect: (profile: Profile) => Promise<Backend>;
	readonly initialQuery?: string;
	/** Every action of the run, across profiles, when the operator quits. */
	readonly onQuit: (records: readonly RunRecord[]) => void;
	/** Scrubbed from any message shown (a token command's error could echo one). */
	readonly secrets?: readonly string[];
	/** For tests: see AppProps. */
	readonly confirmGuardMs?: number;
	readonly output?: Output;
	readonly operator?: string;
	/** Recent lookups per profile; absent in tests that do not want files. */
	readonly recentFor?: (profile: string) => RecentStore;
}

export function Root({initial, profiles, connect, initialQuery, onQuit, secrets = [], confirmGuardMs, output, operator, recentFor}: RootProps) {
	const [backend, setBackend] = useState(initial);
	const [greeting, setGreeting] = useState<Flash | null>(null);
	// Earlier profiles' actions, and the current app's so far.
	const done = useRef<RunRecord[]>([]);
	const current = useRef<string[]>([]);

	const records = (): RunRecord[] => [...done.current, ...current.current.map((line) => ({profile: backend.profile.name, host: backend.provider.host, line}))];

	const switchTo = async (name: string): Promise<string | null> => {
		const profile = profiles.find((p) => p.name === name);
		if (!profile) return `No profile ${name}`;
		try {
			const next = await connect(profile);
			done.current = records();
			current.current = [];
			setGreeting({text: `Now on profile ${profile.name} (${describeProfile(profile)}): the lookup starts fresh`, tone: 'ok'});
			setBackend(next);
			return null;
		} catch (error) {
			return `Could not switch to ${profile.name}: ${redactText(error instanceof Error ? error.message : String(error), secrets)}`;
		}
	};

	const choices = profiles.map((p) => ({name: p.name, description: describeProfile(p), current: p.name === backend.profile.name}));
	return (
		<App
			key={backend.profile.name}
			provider={backend.provider}
			isDemo={backend.isDemo}
			confirmGuardMs={confirmGuardMs}
			output={output}
			operator={operator}
			recent={recentFor?.(backend.profile.name)}
			initialQuery={backend === initial ? initialQuery : undefined}
			profile={{name: backend.profile.name, isProtected: backend.profile.protected}}
			profiles={choices}
			onSwitchProfile={switchTo}
			greeting={greeting}
			onRecord={(line) => current.current.push(line)}
			onQuit={() => onQuit(records())}
		/>
	);
}
