/** One call to run the Salesforce SCIM node against an emulator with client credentials (or JWT). */
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../cli/src/emulator';
import { runWorkflow, type RunResult } from '../../cli/src/engine';
import { clientCredentials, jsonOf, jwtCredential, NODE, scimNode, workflowWith, type AuthKind } from './scimNode';

export interface NodeRun {
	result: RunResult;
	out: IDataObject[];
	/** Requests the emulator received during this run (token requests included). */
	requests: number;
}

export async function runNode(
	emulator: Emulator,
	parameters: IDataObject,
	options: { items?: IDataObject[]; auth?: AuthKind; continueOnFail?: boolean } = {},
): Promise<NodeRun> {
	const auth = options.auth ?? 'oAuth2';
	const node = { ...scimNode(parameters, auth), ...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}) };
	const before = emulator.requestLog.total;
	const credential = auth === 'jwt' ? jwtCredential(emulator) : clientCredentials(emulator);
	const result = await runWorkflow(workflowWith(node, options.items ?? [{}]), { credentials: [credential] });
	return { result, out: jsonOf(result), requests: emulator.requestLog.total - before };
}

export function pairedItems(run: NodeRun) {
	return (run.result.outputs[NODE]?.[0] ?? []).map((item) => item.pairedItem);
}

export const byName = (value: string) => ({ __rl: true, mode: 'name', value });
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byUserName = (value: string) => ({ __rl: true, mode: 'userName', value });
export const JANE = 'jane.doe@sfscim-emulator.example';
