/**
 * The people a sequence provisions: a manager, a user reporting to them, Okta's random spec-test user and a group,
 * with realistic names and addresses, made unique per run by a suffix so a sequence can run again against the same
 * server (Salesforce usernames are unique across all orgs, and a second run must not meet the first run's users).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import type { IdpName, People, Person } from './types';

const GIVEN = ['Maria', 'James', 'Aiko', 'Oluwaseun', 'Sofia', 'Liam', 'Priya', 'Mateo', 'Ingrid', 'Kwame', 'Chloé', 'Ravi'];
const FAMILY = ['García', 'Chen', 'Tanaka', 'Adeyemi', 'Rossi', 'Murphy', 'Sharma', 'Fernández', 'Johansson', 'Mensah', 'Dubois', 'Patel'];
const DEPARTMENTS = ['Sales', 'Finance', 'Customer Success', 'Engineering', 'Marketing'];

/** Lower-case ASCII for the local part of an address: `Chloé García` → `chloe.garcia`. */
function handle(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

/** `--prefix` must make a valid address part: letters, digits, dot, dash, underscore. */
export function checkSuffix(suffix: string): string {
	if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,23}$/.test(suffix)) {
		throw new Error(`--prefix "${suffix}" must be 1–24 letters, digits, ".", "-" or "_" (it becomes part of every userName and group name)`);
	}
	return suffix.toLowerCase();
}

export function randomSuffix(): string {
	return randomBytes(3).toString('hex');
}

/** The IdP's own id for a person: Okta user ids look like 00u1ab2CD3ef4GH5i6j7, Entra's are object GUIDs. */
function idpUserId(idp: IdpName, seed: string): string {
	if (idp !== 'okta') return uuidFrom(seed);
	const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	const bytes = createHash('sha256').update(seed).digest();
	let id = '00u';
	for (let i = 0; i < 17; i++) id += alphabet[bytes[i] % alphabet.length];
	return id;
}

function uuidFrom(seed: string): string {
	const h = createHash('sha256').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function pick<T>(list: T[], seed: string, salt: string): T {
	return list[createHash('sha256').update(seed + salt).digest()[0] % list.length];
}

function person(idp: IdpName, suffix: string, role: string, domain: string, title: string, avoid?: Person): Person {
	let givenName = pick(GIVEN, suffix, `${role}g`);
	let familyName = pick(FAMILY, suffix, `${role}f`);
	if (avoid && avoid.givenName === givenName) givenName = GIVEN[(GIVEN.indexOf(givenName) + 1) % GIVEN.length];
	if (avoid && avoid.familyName === familyName) familyName = FAMILY[(FAMILY.indexOf(familyName) + 1) % FAMILY.length];
	const local = `${handle(givenName)}.${handle(familyName)}.${suffix}`;
	return {
		givenName,
		familyName,
		userName: `${local}@${domain}`,
		email: `${local}@${domain}`,
		newEmail: `${handle(givenName).slice(0, 1)}${handle(familyName)}.${suffix}@${domain}`,
		externalId: idpUserId(idp, `${idp}:${suffix}:${role}`),
		title,
		department: pick(DEPARTMENTS, suffix, role),
		employeeNumber: String(100000 + (createHash('sha256').update(suffix + role).digest().readUInt32BE(0) % 900000)),
	};
}

/** Person i of a load run: realistic names, a userName unique to the run and the index. */
export function loadPerson(idp: IdpName, suffix: string, index: number, domain: string): Person {
	const givenName = GIVEN[index % GIVEN.length];
	const familyName = FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length];
	const local = `${handle(givenName)}.${handle(familyName)}.${suffix}.${String(index).padStart(5, '0')}`;
	return {
		givenName,
		familyName,
		userName: `${local}@${domain}`,
		email: `${local}@${domain}`,
		newEmail: `${local}.new@${domain}`,
		externalId: idpUserId(idp, `${idp}:${suffix}:load:${index}`),
		title: 'Associate',
		department: DEPARTMENTS[index % DEPARTMENTS.length],
		employeeNumber: String(200000 + index),
	};
}

export function makePeople(idp: IdpName, suffix: string, domain: string): People {
	const manager = person(idp, suffix, 'manager', domain, 'Regional Director');
	const user = person(idp, suffix, 'user', domain, 'Account Executive', manager);
	// Okta's Runscope spec test creates a user with a random name; ours is random too, but recognisable.
	const specUser: Person = {
		...person(idp, suffix, 'spec', domain, 'Tester', user),
		givenName: 'Okta',
		familyName: `SpecTest ${suffix}`,
		userName: `okta.spectest.${suffix}@${domain}`,
		email: `okta.spectest.${suffix}@${domain}`,
	};
	const department = pick(DEPARTMENTS, suffix, 'group');
	return {
		suffix,
		manager,
		user,
		specUser,
		// Salesforce public group names are at most 40 characters.
		group: { displayName: `${department} Team ${suffix}`.slice(0, 40), renamed: `${department} EMEA ${suffix}`.slice(0, 40), externalId: uuidFrom(`${idp}:${suffix}:group`) },
		unknownUserName: `${randomUUID()}@${domain}`,
		unknownId: randomUUID(),
	};
}
