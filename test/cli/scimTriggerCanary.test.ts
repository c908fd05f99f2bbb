/**
 * The reliability suite's SCIM Trigger part: IdP requests (good and wrong tokens, bad bodies, a failing write)
 * answered as the IdP must get them, and the canary token found in none of the answers and runs kept for the scan.
 */
import { Canaries } from '../../proof/src/reliability';
import { runScimTriggerCanary } from '../../proof/src/reliability/scimTrigger';

test('the SCIM Trigger answers every IdP request right and never gives its token back', async () => {
	const canaries = new Canaries();
	const figures = await runScimTriggerCanary(canaries);
	expect(figures.problems).toEqual([]);
	expect(figures.runs).toBeGreaterThanOrEqual(3);
	const report = canaries.scan();
	expect(report.leaks).toEqual([]);
	expect(canaries.values()).toContain(canaries.scimTriggerToken);
}, 60_000);

test('the scan would see the token if an answer carried it', () => {
	const canaries = new Canaries();
	canaries.recordText('an answer that echoes the header', `401 {"detail":"bad token Bearer ${canaries.scimTriggerToken}"}`);
	expect(canaries.scan().leaks).toHaveLength(1);
});
