import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { managerReferenceOf, type ManagerReference } from '../../../scim/sync';
import { parsePath, setPathValue } from '../../../scim/path';
import { SCHEMA, SIDECAR_KEY, type ScimUser } from '../../../scim/schemas';
import { ScimError } from '../../../scim/error';
import { normaliseUser } from '../../../scim/user';
import { validateUser } from '../../../scim/userValidation';
import { withSuffix } from './users';

export type { ManagerReference };

export interface DesiredUser {
	user: ScimUser;
	/** Top-level attribute names (or paths) the builder wants written only when the user is created. */
	createOnly: string[];
	/**
	 * A manager named by username, email or external ID (the mapping node's `_sfscim.manager`), resolved to a
	 * Salesforce user id before writing.
	 */
	manager?: ManagerReference;
}

const ENTERPRISE_FIELDS = ['employeeNumber', 'costCenter', 'organization', 'division', 'department'];
const TOP_LEVEL_FIELDS = [
	'externalId',
	'displayName',
	'nickName',
	'title',
	'locale',
	'timezone',
	'preferredLanguage',
	'emailEncodingKey',
	'alias',
];

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

function locatorValue(value: unknown): { mode: string; value: string } | undefined {
	if (!value || typeof value !== 'object') return text(value) ? { mode: 'id', value: text(value)! } : undefined;
	const locator = value as { mode?: string; value?: unknown };
	const v = text(locator.value);
	return v ? { mode: locator.mode ?? 'id', value: v } : undefined;
}

/** An entitlement reference as the mapping node writes it; ids and names are resolved at write time. */
function entitlementRef(locator: { mode: string; value: string }, type: 'Profile' | 'PermissionSet'): IDataObject {
	return locator.mode === 'name' ? { display: locator.value, type } : { value: locator.value, type };
}

function fromFields(ctx: IExecuteFunctions, itemIndex: number): DesiredUser {
	const user: ScimUser = { schemas: [SCHEMA.user] };
	const userName = text(ctx.getNodeParameter('userName', itemIndex, ''));
	if (userName) user.userName = userName;
	const email = text(ctx.getNodeParameter('email', itemIndex, ''));
	if (email) user.emails = [{ value: email, type: 'work', primary: true }];
	const familyName = text(ctx.getNodeParameter('familyName', itemIndex, ''));
	const fields = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const givenName = text(fields.givenName);
	if (familyName || givenName) {
		user.name = {};
		if (givenName) user.name.givenName = givenName;
		if (familyName) user.name.familyName = familyName;
	}
	const entitlements: IDataObject[] = [];
	const profile = locatorValue(ctx.getNodeParameter('profile', itemIndex, undefined));
	if (profile) entitlements.push(entitlementRef(profile, 'Profile'));
	const sets = ((fields.permissionSets as IDataObject | undefined)?.permissionSet ?? []) as IDataObject[];
	for (const entry of sets) {
		const locator = locatorValue(entry.permissionSet);
		if (locator) entitlements.push(entitlementRef(locator, 'PermissionSet'));
	}
	if (entitlements.length) user.entitlements = entitlements as ScimUser['entitlements'];
	for (const key of TOP_LEVEL_FIELDS) {
		const value = text(fields[key]);
		if (value !== undefined) user[key] = value;
	}
	if (typeof fields.active === 'boolean') user.active = fields.active;
	const phone = text(fields.phone);
	if (phone) user.phoneNumbers = [{ value: phone, type: 'work' }];
	const enterprise: IDataObject = {};
	for (const key of ENTERPRISE_FIELDS) {
		const value = text(fields[key]);
		if (value !== undefined) enterprise[key] = value;
	}
	let managerRef: ManagerReference | undefined;
	const manager = text(fields.manager);
	if (manager) {
		if (manager.includes('@')) managerRef = { userName: manager };
		else enterprise.manager = { value: manager };
	}
	if (Object.keys(enterprise).length) {
		user[SCHEMA.enterpriseUser] = enterprise;
		user.schemas = [SCHEMA.user, SCHEMA.enterpriseUser];
	}
	const custom = ((fields.customAttributes as IDataObject | undefined)?.attribute ?? []) as IDataObject[];
	for (const [row, attribute] of custom.entries()) {
		const path = text(attribute.path);
		if (!path) continue;
		try {
			const parsed = parsePath(path);
			setPathValue(user, parsed, attribute.value);
			if (parsed.schema && !user.schemas?.includes(parsed.schema)) user.schemas = [...(user.schemas ?? []), parsed.schema];
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Custom attribute ${row + 1}: "${path}" is not a valid SCIM attribute path (${(error as Error).message})`,
				{
					itemIndex,
					description:
						'Use an RFC 7644 path such as title, name.givenName, emails[type eq "work"].value, or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
				},
			);
		}
	}
	return { user, createOnly: [], manager: managerRef };
}

function fromInputItem(ctx: IExecuteFunctions, itemIndex: number): DesiredUser {
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	const { [SIDECAR_KEY]: meta, ...resource } = json as IDataObject & { [SIDECAR_KEY]?: IDataObject };
	if (!resource.userName && !resource.emails && !resource.name && !resource.externalId) {
		throw new NodeOperationError(ctx.getNode(), 'The input item is not a SCIM user', {
			itemIndex,
			description:
				'With "User Data" set to "From Input Item", each item must be a SCIM User resource (userName, name, emails, entitlements…), as the Salesforce SCIM Mapping node outputs. Otherwise choose "Define Below".',
		});
	}
	if (Array.isArray(meta?.invalid) && meta.invalid.length) {
		const issues = meta.invalid as Array<{ path?: string; message?: string }>;
		throw new NodeOperationError(ctx.getNode(), `Invalid user: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
			itemIndex,
			description: 'The Salesforce SCIM Mapping node flagged this record as invalid; nothing was sent. Fix the source record.',
		});
	}
	const createOnly = Array.isArray(meta?.createOnly) ? (meta.createOnly as string[]).map(String) : [];
	const user = resource as ScimUser;
	user.schemas ??= [SCHEMA.user];
	const enterprise = user[SCHEMA.enterpriseUser] as IDataObject | undefined;
	const manager = managerReferenceOf((enterprise?.manager as IDataObject | undefined)?.value, meta?.manager);
	if (manager?.userName) delete enterprise!.manager;
	return { user, createOnly, manager };
}

/**
 * The user this item asks for, normalised (username lowercased, "true" strings as booleans) and checked
 * against Salesforce's rules before anything is sent.
 */
export function readDesiredUser(
	ctx: IExecuteFunctions,
	itemIndex: number,
	purpose: 'create' | 'update' | 'upsert',
): DesiredUser {
	const mode = ctx.getNodeParameter('userInput', itemIndex, 'fields') as string;
	const desired = mode === 'resource' ? fromInputItem(ctx, itemIndex) : fromFields(ctx, itemIndex);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	desired.user = normaliseUser(desired.user);
	if (typeof desired.user.userName === 'string') {
		desired.user.userName = withSuffix(desired.user.userName, options.usernameSuffix as string).toLowerCase();
	}
	const issues = [...validateUser(desired.user, { forCreate: purpose === 'create' }), ...activeIssues(desired.user)];
	if (purpose === 'upsert' && !desired.user.userName) {
		issues.unshift({ path: 'userName', message: 'A username is required to create the user if no match is found' });
	}
	if (issues.length) {
		const [first, ...rest] = issues;
		throw new NodeOperationError(ctx.getNode(), `Invalid user: ${first.path}: ${first.message}`, {
			itemIndex,
			description: rest.length
				? `Also: ${rest.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`
				: 'Nothing was sent to Salesforce.',
		});
	}
	return desired;
}

/**
 * `active` that normalising could not turn into a boolean ("yes", 1, "Active"): Salesforce refuses it, so say so
 * before anything is sent rather than spend a request on it.
 */
export function activeIssues(user: ScimUser): Array<{ path: string; message: string }> {
	const active = (user as IDataObject).active;
	if (active === undefined || active === null || typeof active === 'boolean') return [];
	return [{ path: 'active', message: `active ${JSON.stringify(active)} is not true or false: map a boolean (or the text "true" / "false")` }];
}

/** Rules a create has on top of the shared ones: checked when Create or Update decides to create. */
export function assertCreatable(ctx: IExecuteFunctions, itemIndex: number, user: ScimUser) {
	const issues = validateUser(user, { forCreate: true });
	if (issues.length) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Cannot create the user: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
			{ itemIndex, description: 'No matching user exists, so a new one would be created; nothing was sent.' },
		);
	}
}

export function isScimError(error: unknown): error is ScimError {
	return error instanceof ScimError;
}
