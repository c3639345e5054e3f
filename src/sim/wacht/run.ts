/**
 * Development entry point: `npx tsx src/sim/wacht/run.ts [--port N] [--data FILE] [--seed N]`.
 * The app itself reaches the simulator through `simulate wacht` (src/sim/cli.ts).
 */
import {runSimulateCommand} from '../cli.js';

const code = await runSimulateCommand(['wacht', ...process.argv.slice(2)], process.stdout);
if (code !== 'serving') process.exitCode = code;
