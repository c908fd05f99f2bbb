import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import type { ScimClient } from '../../transport/ScimClient';
import { assignProperties, changeEntitlement } from './assign';

export const description = updateDisplayOptions({ show: { resource: ['entitlement'], operation: ['addToUser'] } }, assignProperties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	return await changeEntitlement(this, client, itemIndex, 'add');
}
