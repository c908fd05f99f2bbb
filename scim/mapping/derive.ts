/**
 * Salesforce derivations: what a Salesforce user needs that directories rarely hold (alias, nickname, an
 * ASCII and globally unique username, locale defaults, a profile). Each fills a gap only: a value a row wrote
 * always wins. Values that only make sense at creation are recorded as create-only, so the SCIM node does
 * not overwrite, on update, what an admin or the user changed in Salesforce since.
 */
import { deriveAlias, deriveNickname, toAscii } from '../user';

import type { DerivationOptions, MappedUser } from './types';

type Entitlement = { value?: string; display?: string; type?: string; primary?: boolean | string };

const PROFILE_TYPE = 'Profile';
const PERMISSION_SET_TYPE = 'PermissionSet';

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The address a username is made from: the work email, else the primary one, else the first. */
function workEmail(user: MappedUser): string | undefined {
	const emails = user.emails;
	if (!Array.isArray(emails) || emails.length === 0) return undefined;
	const pick =
		emails.find((email) => String(email?.type).toLowerCase() === 'work') ??
		emails.find((email) => email?.primary === true || String(email?.primary).toLowerCase() === 'true') ??
		emails[0];
	return text(pick?.value);
}

/** `uat` and `.uat` both mean `.uat`; Salesforce's own sandbox copies append `.<sandbox name>` the same way. */
export function normalizeSandboxSuffix(suffix: string | undefined): string {
	const trimmed = (suffix ?? '').trim().toLowerCase();
	if (trimmed === '') return '';
	return trimmed.startsWith('.') ? trimmed : `.${trimmed}`;
}

function setDefault(user: MappedUser, attribute: string, value: string | undefined, createOnly: string[]): void {
	if (!value || text(user[attribute]) !== undefined) return;
	user[attribute] = value;
	createOnly.push(attribute);
}

function entitlementsOf(user: MappedUser): Entitlement[] {
	if (!Array.isArray(user.entitlements)) user.entitlements = [];
	return user.entitlements as Entitlement[];
}

export function applyDerivations(
	user: MappedUser,
	options: DerivationOptions,
	extraPermissionSets: readonly string[] | undefined,
	createOnly: string[],
): void {
	let userName = text(user.userName);
	if (userName === undefined && options.userNameFromEmail !== false) userName = workEmail(user);
	if (userName !== undefined) {
		// Salesforce stores usernames lower-cased and compares them case-insensitively.
		userName = userName.trim().toLowerCase();
		if (options.normalizeDiacritics !== false) userName = toAscii(userName);
	}

	const name = (user.name ?? {}) as { givenName?: unknown; familyName?: unknown };
	const given = text(name.givenName);
	const family = text(name.familyName);

	if (options.nickName !== false && text(user.nickName) === undefined && userName !== undefined) {
		user.nickName = deriveNickname(userName);
		createOnly.push('nickName');
	}
	if (userName !== undefined) {
		const suffix = normalizeSandboxSuffix(options.sandboxSuffix);
		user.userName = suffix && !userName.endsWith(suffix) ? userName + suffix : userName;
	}
	if (options.alias !== false && text(user.alias) === undefined && (given !== undefined || family !== undefined)) {
		const alias = deriveAlias(given ?? '', family ?? '');
		if (alias) {
			user.alias = alias;
			createOnly.push('alias');
		}
	}
	if (options.displayName !== false && text(user.displayName) === undefined && (given || family)) {
		user.displayName = [given, family].filter(Boolean).join(' ');
	}

	setDefault(user, 'locale', options.locale, createOnly);
	setDefault(user, 'timezone', options.timezone, createOnly);
	setDefault(user, 'preferredLanguage', options.preferredLanguage, createOnly);
	setDefault(user, 'emailEncodingKey', options.emailEncodingKey, createOnly);

	const profile = text(options.defaultProfile);
	if (profile !== undefined) {
		const entitlements = entitlementsOf(user);
		if (!entitlements.some((entitlement) => String(entitlement.type).toLowerCase() === 'profile')) {
			entitlements.push({ display: profile.trim(), type: PROFILE_TYPE, primary: true });
			createOnly.push(`entitlements[type eq "${PROFILE_TYPE}"]`);
		}
	}

	const permissionSets = [...(options.permissionSets ?? []), ...(extraPermissionSets ?? [])];
	if (permissionSets.length > 0) {
		const entitlements = entitlementsOf(user);
		for (const raw of permissionSets) {
			const display = typeof raw === 'string' ? raw.trim() : '';
			if (display === '') continue;
			const known = entitlements.some(
				(entitlement) => entitlement.display?.toLowerCase() === display.toLowerCase() && entitlement.type !== PROFILE_TYPE,
			);
			if (!known) entitlements.push({ display, type: PERMISSION_SET_TYPE });
		}
	}
	if (Array.isArray(user.entitlements)) {
		if (user.entitlements.length === 0) delete user.entitlements;
		// Salesforce marks the one profile primary (its own responses, miniOrange's `entitlements[primary eq "True"]`).
		for (const entitlement of (user.entitlements ?? []) as Entitlement[]) {
			if (String(entitlement?.type).toLowerCase() === 'profile' && entitlement.primary === undefined) entitlement.primary = true;
		}
	}
}
