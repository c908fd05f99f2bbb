/**
 * The package's one per-item runner (nodes/shared/runItems.ts), on its own: every node's loop is this, so its
 * rules are proven here once; the engine tests prove each node uses it.
 */
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { pool, runEachItem, runItems, runJobs } from '../../nodes/shared/runItems';
import { ScimRequestError } from '../../nodes/SalesforceScim/transport/ScimClient';

const node: INode = { id: '1', name: 'Salesforce SCIM', type: 'n8n-nodes-salesforce-scim.salesforceScim', typeVersion: 1, position: [0, 0], parameters: {} };

/** The two things the runner asks of n8n's context. */
function context(continueOnFail: boolean): IExecuteFunctions {
	return { continueOnFail: () => continueOnFail, getNode: () => node } as unknown as IExecuteFunctions;
}

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

test('at most `concurrency` jobs at once, every job once, in the order given', async () => {
	let running = 0;
	let peak = 0;
	const taken: number[] = [];
	await pool(20, { concurrency: 3, order: [...Array(20).keys()].reverse() }, async (job) => {
		taken.push(job);
		peak = Math.max(peak, ++running);
		await tick();
		running--;
	});
	expect(peak).toBe(3);
	expect(taken).toEqual([...Array(20).keys()].reverse());
});

test('stop: no job is taken once it says so', async () => {
	const taken: number[] = [];
	await pool(10, { concurrency: 1, stop: () => taken.length === 4 }, async (job) => void taken.push(job));
	expect(taken).toEqual([0, 1, 2, 3]);
});

test('output in input order, paired to its item, whatever order the items finished in', async () => {
	const out = await runItems(context(false), 4, 4, async (itemIndex) => {
		for (let i = 0; i < 4 - itemIndex; i++) await tick();
		return itemIndex === 2 ? [{ n: 2 }, { n: 2.5 }] : { n: itemIndex };
	});
	expect(out.map((item) => [item.json.n, item.pairedItem])).toEqual([
		[0, { item: 0 }],
		[1, { item: 1 }],
		[2, { item: 2 }],
		[2.5, { item: 2 }],
		[3, { item: 3 }],
	]);
});

test('without continue-on-fail the first failure stops the run, as an n8n error naming its item', async () => {
	const taken: number[] = [];
	const run = runItems(context(false), 10, 1, async (itemIndex) => {
		taken.push(itemIndex);
		if (itemIndex === 2) throw new Error('bad row');
		return {};
	});
	await expect(run).rejects.toBeInstanceOf(NodeOperationError);
	await run.catch((error: NodeOperationError) => {
		expect(error.message).toBe('bad row');
		expect(error.context.itemIndex).toBe(2);
	});
	expect(taken).toEqual([0, 1, 2]);
});

test('with continue-on-fail a failed item is an error item in its place, with the SCIM answer', async () => {
	const refused = new ScimRequestError({ status: 409, scimType: 'uniqueness', detail: 'userName taken', errorCode: 'DUPLICATE_USERNAME', source: 'scim' }, 'Pick another username.', 'POST', '/Users');
	const out = await runEachItem(context(true), 3, 2, async (itemIndex) => {
		if (itemIndex === 1) throw refused;
		return { ok: itemIndex };
	});
	expect(out[0]).toEqual([{ json: { ok: 0 }, pairedItem: { item: 0 } }]);
	expect(out[2]).toEqual([{ json: { ok: 2 }, pairedItem: { item: 2 } }]);
	expect(out[1]).toEqual([
		{
			json: { error: refused.message, description: 'Pick another username.', status: 409, scimType: 'uniqueness', errorCode: 'DUPLICATE_USERNAME', detail: 'userName taken' },
			pairedItem: { item: 1 },
		},
	]);
});

test('a job answering for another item carries that item on its error (a sync action → its input row)', async () => {
	const refused = new ScimRequestError({ status: 400, detail: 'no', source: 'scim' }, 'Fix it.', 'PATCH', '/Users/005');
	const run = runJobs(context(false), 2, { concurrency: 2, itemOf: (job) => job + 40 }, async (job) => {
		if (job === 1) throw refused;
		return job;
	});
	await run.catch((error: NodeApiError) => {
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(41);
	});
	await expect(run).rejects.toBeInstanceOf(NodeApiError);
	const kept = await runJobs(context(true), 2, { concurrency: 2, itemOf: (job) => job + 40 }, async (job) => {
		if (job === 1) throw refused;
		return job;
	});
	expect(kept[0]).toEqual({ ok: true, value: 0 });
	expect(kept[1]).toMatchObject({ ok: false, cause: refused });
});
