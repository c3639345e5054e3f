import {test} from 'node:test';
import assert from 'node:assert/strict';
import {OktaProvider} from '../../src/api/okta/provider.js';
import {startOktaSimulator, WELL_KNOWN} from '../../src/sim/okta/index.js';

test('reset all factors is offered from the user _links as a wide action and unenrolls every factor', async (t) => {
	const sim = await startOktaSimulator({userCount: 30});
	const provider = new OktaProvider({orgUrl: sim.url, token: sim.token});
	t.after(async () => {
		await provider.close();
		await sim.close();
	});
	const user = await provider.getUser(WELL_KNOWN.active.id);
	const action = provider.lifecycleActions(user).find((a) => a.id === 'reset_factors');
	assert.equal(action?.blast, 'wide');
	assert.ok((await provider.getMfa(user.id)).factors.length > 0);
	const result = await provider.runLifecycle(user.id, 'reset_factors');
	assert.match(result.value.message, /every factor unenrolled/);
	assert.equal((await provider.getMfa(user.id)).factors.length, 0);

	const bare = await provider.getUser(WELL_KNOWN.noFactors.id);
	assert.ok(!provider.lifecycleActions(bare).some((a) => a.id === 'reset_factors'), 'not offered without factors');
});
