/**
 * What the Mapping node maps when its input is a directory event: the event's `user`, not the envelope. A SCIM
 * user's enterprise extension is also offered as `enterprise` (mapping accessors split on dots, and the URN
 * `…:enterprise:2.0:User` has one).
 */
import { SCHEMA } from '../schemas';
import { isDirectoryEvent } from './directoryEvent';

export function mappingSourceOf(json: unknown): unknown {
	if (!isDirectoryEvent(json) || json.user === undefined) return json;
	const user = json.user;
	const extensionKey = Object.keys(user).find((key) => key.toLowerCase() === SCHEMA.enterpriseUser.toLowerCase());
	if (extensionKey === undefined || 'enterprise' in user) return user;
	return { ...user, enterprise: user[extensionKey] };
}
