/**
 * Development entry point: `npx tsx src/sim/okta/run.ts [--port N] [--data FILE] [--seed N]`.
 * The app itself will reach the simulator through `simulate okta` (src/sim/cli.ts).
 */
import {DataFileError} from './data-file.js';
import {startOktaSimulator} from './server.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
	const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
	if (i < 0) return undefined;
	const a = args[i] as string;
	return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
};
try {
	const port = flag('--port');
	const seed = flag('--seed');
	const data = flag('--data');
	const sim = await startOktaSimulator({
		...(port !== undefined ? {port: Number(port)} : {}),
		...(seed !== undefined ? {seed: Number(seed)} : {}),
		...(data !== undefined ? {data} : {}),
	});
	process.stdout.write(`listening on ${sim.url}\napi token: ${sim.token}\n`);
	const stop = () => void sim.close();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
} catch (e) {
	process.stdout.write(`${e instanceof DataFileError ? e.message : `cannot start the okta simulator: ${(e as Error).message}`}\n`);
	process.exitCode = 1;
}
