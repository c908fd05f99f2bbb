/**
 * validateUser: every rule Salesforce would enforce on a SCIM User, as "what is wrong — how to fix it" messages.
 * Sources: the User object's field lengths, the SCIM create example (userName, familyName, an email, a profile),
 * "one phone number per user", and the advice never to send Salesforce field names as SCIM attributes.
 */
import { getAttribute, isPlainObject } from './attribute';
import { SCHEMA, type ScimUser } from './schemas';
import { SALESFORCE_LIMITS as L, isEmailShaped, isProfileEntitlement, type UserIssue } from './user';

/** Salesforce User field names that people put where the SCIM attribute belongs. */
const SALESFORCE_FIELD_NAMES: Record<string, string> = {
	username: 'userName',
	firstname: 'name.givenName',
	lastname: 'name.familyName',
	email: 'emails',
	communitynickname: 'nickName',
	profileid: 'entitlements (type Profile)',
	userroleid: 'roles',
	contactid: 'nothing: portal contacts are not provisioned over SCIM',
	isactive: 'active',
	federationidentifier: 'externalId',
	employeenumber: `${SCHEMA.enterpriseUser}:employeeNumber`,
	department: `${SCHEMA.enterpriseUser}:department`,
	timezonesidkey: 'timezone',
	localesidkey: 'locale',
	languagelocalekey: 'preferredLanguage',
};

/** [path, max length] of single-valued strings; extension attributes under the enterprise URN. */
const LENGTHS: Array<[string, number]> = [
	['userName', L.userNameMaxLength],
	['name.givenName', L.givenNameMaxLength],
	['name.familyName', L.familyNameMaxLength],
	['name.middleName', L.middleNameMaxLength],
	['nickName', L.nickNameMaxLength],
	['alias', L.aliasMaxLength],
	['title', L.titleMaxLength],
	['externalId', L.externalIdMaxLength],
	[`${SCHEMA.enterpriseUser}:employeeNumber`, L.employeeNumberMaxLength],
	[`${SCHEMA.enterpriseUser}:department`, L.departmentMaxLength],
	[`${SCHEMA.enterpriseUser}:division`, L.divisionMaxLength],
	[`${SCHEMA.enterpriseUser}:organization`, L.organizationMaxLength],
];

const HOW_TO_SHORTEN: Record<string, string> = {
	alias: 'leave it out to derive one from the name, or shorten it',
	nickName: 'leave it out to let Salesforce default it, or shorten it',
	userName: 'use a shorter address',
};

function read(user: ScimUser, path: string): unknown {
	const colon = path.lastIndexOf(':');
	const container = colon > 0 ? getAttribute(user, path.slice(0, colon)) : user;
	const [attribute, sub] = (colon > 0 ? path.slice(colon + 1) : path).split('.');
	const value = getAttribute(container, attribute);
	return sub === undefined ? value : getAttribute(value, sub);
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** NUL and other C0/C1 controls (tab and newline included: no single-line User field takes them). */
function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
	}
	return false;
}

function walkStrings(value: unknown, path: string, visit: (path: string, text: string) => void): void {
	if (typeof value === 'string') visit(path, value);
	else if (Array.isArray(value)) value.forEach((item, i) => walkStrings(item, `${path}[${i}]`, visit));
	else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) walkStrings(item, path ? `${path}.${key}` : key, visit);
}

export function validateUser(user: ScimUser, options: { forCreate: boolean }): UserIssue[] {
	const issues: UserIssue[] = [];
	const add = (path: string, message: string): void => void issues.push({ path, message });
	if (!isPlainObject(user)) return [{ path: '', message: 'The user must be an object' }];

	const userName = read(user, 'userName');
	if (isBlank(userName)) {
		if (options.forCreate) add('userName', 'userName is required: set it to an email-shaped, globally unique username (e.g. jane.doe@example.com)');
	} else if (typeof userName !== 'string' || !isEmailShaped(userName.trim())) {
		add('userName', `userName ${JSON.stringify(userName)} is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed`);
	}

	if (options.forCreate && isBlank(read(user, 'name.familyName'))) {
		add('name.familyName', 'name.familyName (Last Name) is required by Salesforce: map a family name, or a placeholder for single-name people');
	}

	const emails = getAttribute(user, 'emails');
	const emailList = Array.isArray(emails) ? emails : emails === undefined || emails === null ? [] : [emails];
	if (options.forCreate && !emailList.some((email) => !isBlank(getAttribute(email, 'value')))) {
		add('emails', 'At least one email is required on create: add emails[{value, type: "work", primary: true}]');
	}
	emailList.forEach((email, i) => {
		const value = getAttribute(email, 'value');
		if (isBlank(value)) return;
		if (typeof value !== 'string' || !isEmailShaped(value.trim())) add(`emails[${i}].value`, `${JSON.stringify(value)} is not an email address: fix the source value or leave this email out`);
		else if (value.length > L.emailMaxLength) add(`emails[${i}].value`, `The email is ${value.length} characters; Salesforce allows at most ${L.emailMaxLength}`);
	});

	const entitlements = getAttribute(user, 'entitlements');
	const profiles = Array.isArray(entitlements) ? entitlements.filter(isProfileEntitlement) : [];
	if (options.forCreate && profiles.length === 0) {
		add('entitlements', 'A profile is required on create: add an entitlement {value: "00e…", type: "Profile"} (list them with the Entitlements resource)');
	}
	if (profiles.length > 1) add('entitlements', `A user has exactly one profile, but ${profiles.length} profile entitlements were given: keep one`);

	const phones = getAttribute(user, 'phoneNumbers');
	if (Array.isArray(phones) && phones.length > L.phoneNumbersMax) {
		add('phoneNumbers', `Salesforce's SCIM API takes one phone number per user, ${phones.length} were given: keep the work or primary one`);
	}

	for (const [path, max] of LENGTHS) {
		const value = read(user, path);
		if (typeof value === 'string' && value.length > max) {
			add(path, `${path} is ${value.length} characters; Salesforce allows at most ${max}: ${HOW_TO_SHORTEN[path] ?? 'shorten it'}`);
		}
	}

	for (const key of Object.keys(user)) {
		const scim = SALESFORCE_FIELD_NAMES[key.toLowerCase()];
		if (scim !== undefined && key.toLowerCase() !== scim.toLowerCase()) {
			add(key, `'${key}' is a Salesforce field name, not a SCIM attribute, and would be rejected or ignored: use ${scim}`);
		}
	}

	walkStrings(user, '', (path, text) => {
		if (hasControlCharacter(text)) add(path, `${path} contains a control character (NUL, tab, newline…): remove it from the source value`);
		else if (text.length > L.defaultMaxLength && !LENGTHS.some(([known]) => known === path)) {
			add(path, `${path} is ${text.length} characters; Salesforce text fields hold at most ${L.defaultMaxLength}`);
		}
	});
	return issues;
}
