import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SIDECAR_KEY } from '../../../scim/schemas';
import { simplifyUser } from './users';

/** What happened to a record, told the same way by every write: in simplified output beside the summary. */
export interface Outcome extends IDataObject {
	action?: string;
}

export function userOutput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	user: IDataObject,
	outcome: Outcome = {},
): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = options.simplify !== false;
	if (simplify) return { ...outcome, ...simplifyUser(user) };
	return Object.keys(outcome).length ? { ...user, [SIDECAR_KEY]: outcome } : user;
}
