/**
 * Development entry point: `npx tsx src/sim/okta/run.ts [--port N] [--data FILE] [--seed N]`.
 * The app itself reaches the simulator through `simulate okta` (src/sim/cli.ts).
 */
import {runSimulateCommand} from '../cli.js';

const code = await runSimulateCommand(['okta', ...process.argv.slice(2)], process.stdout);
if (code !== 'serving') process.exitCode = code;
