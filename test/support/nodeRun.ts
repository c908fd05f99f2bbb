/** One call to run the Salesforce SCIM node against an emulator with client credentials (or JWT). */
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../cli/src/emulator';
import { runNode as run, type NodeRun } from '../../proof/src/fixtures/workflow';
import { jwtCredential, NODE, type AuthKind } from './scimNode';

export type { NodeRun } from '../../proof/src/fixtures/workflow';

export async function runNode(emulator: Emulator, parameters: IDataObject, options: { items?: IDataObject[]; auth?: AuthKind; continueOnFail?: boolean } = {}): Promise<NodeRun> {
	return run(emulator, parameters, { ...options, credential: options.auth === 'jwt' ? jwtCredential(emulator) : undefined });
}

export function pairedItems(run: NodeRun) {
	return (run.result.outputs[NODE]?.[0] ?? []).map((item) => item.pairedItem);
}

export const byName = (value: string) => ({ __rl: true, mode: 'name', value });
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byUserName = (value: string) => ({ __rl: true, mode: 'userName', value });
export const JANE = 'jane.doe@sfscim-emulator.example';
