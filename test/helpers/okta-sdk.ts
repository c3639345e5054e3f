/** What tests running the official Okta SDK against the simulator share. */
import assert from 'node:assert/strict';
import okta from '@okta/okta-sdk-nodejs';

/** The OktaApiError an SDK call rejects with. */
export async function oktaError(p: Promise<unknown>): Promise<okta.OktaApiError> {
	try {
		await p;
	} catch (e) {
		assert.ok(e instanceof okta.OktaApiError, `expected OktaApiError, got ${String(e)}`);
		return e;
	}
	assert.fail('expected the call to fail');
}
