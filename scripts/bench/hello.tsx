/**
 * The start-up baseline: a bare Ink app that draws one line and takes keys (q quits), bundled by scripts/build.mjs
 * exactly as the command is. `npm run bench` compares the command's launch → first interactive frame with this one's.
 */
import {render, Text, useApp, useInput} from 'ink';

function Hello() {
	const app = useApp();
	useInput((input) => {
		if (input === 'q') app.exit();
	});
	return <Text>hello</Text>;
}

render(<Hello />);
