/**
 * The placeholder-name rule ("Ignore Placeholder Names", on by default): a name part that only stands in for an
 * unknown one (`-`, `FNU`, `Unknown`, see PLACEHOLDER_NAMES) is not a name and is never copied into Salesforce.
 *
 * - givenName / middleName that are placeholders are left out;
 * - displayName loses placeholder words at either end (Google's computed `Teller -` → `Teller`), or is left out
 *   when nothing else remains (the display-name derivation then builds one from the real names);
 * - Salesforce requires a Last Name. When the family name is a placeholder (or empty while a row maps it), the
 *   person's one name is the Last Name, as Salesforce itself records single-name people: the given name moves
 *   there (moved, not copied, so First Name never repeats Last Name), else the display name. With no real name
 *   at all the record is invalid, with a message naming the placeholder, rather than sent with `-` as Last Name.
 *
 * It runs after the rows and before the derivations, so alias, nickname and display name come from real names.
 */
import { isPlaceholderName } from './transforms';
import type { MappedUser, MappingIssue } from './types';

type NameParts = Record<string, unknown>;

function realText(value: unknown): string | undefined {
	return typeof value === 'string' && !isPlaceholderName(value) ? value : undefined;
}

/** `Teller -` → `Teller`, `FNU Sukarno` → `Sukarno`, `- -` → undefined. Words inside the name are kept. */
function withoutPlaceholderWords(text: string): string | undefined {
	// Most display names have real words at both ends: two checks, no split (the mapping runs per item).
	const firstSpace = text.indexOf(' ');
	if (firstSpace > 0 && !/\s/.test(text[0]) && !/\s/.test(text[text.length - 1])) {
		const lastSpace = text.lastIndexOf(' ');
		if (!isPlaceholderName(text.slice(0, firstSpace)) && !isPlaceholderName(text.slice(lastSpace + 1))) return text;
	}
	const words = text.trim().split(/\s+/);
	while (words.length > 0 && isPlaceholderName(words[0])) words.shift();
	while (words.length > 0 && isPlaceholderName(words[words.length - 1])) words.pop();
	return words.length > 0 ? words.join(' ') : undefined;
}

/**
 * Apply the rule to a mapped user in place; returns the issue to report when no real last name can be found.
 * `mapsFamilyName`: a row reads the family name, so an empty one means the source has none. Without such a row
 * (an update mapping that only changes the title) a missing family name is simply not being changed.
 */
export function dropPlaceholderNames(user: MappedUser, mapsFamilyName: boolean): MappingIssue | undefined {
	let placeholderFamily: string | undefined;
	const name = user.name as NameParts | undefined;
	if (typeof user.displayName === 'string') {
		const display = withoutPlaceholderWords(user.displayName);
		if (display === undefined) delete user.displayName;
		else user.displayName = display;
	}
	if (name === undefined || name === null || typeof name !== 'object') {
		if (!mapsFamilyName) return undefined;
		const display = realText(user.displayName);
		if (display !== undefined) user.name = { familyName: display };
		return undefined;
	}
	for (const part of ['givenName', 'middleName'] as const) {
		if (typeof name[part] === 'string' && realText(name[part]) === undefined) delete name[part];
	}
	const family = name.familyName;
	if (typeof family === 'string' && realText(family) === undefined) {
		if (family.trim() !== '') placeholderFamily = family.trim();
		delete name.familyName;
	}
	if (name.familyName === undefined && (placeholderFamily !== undefined || mapsFamilyName)) {
		const given = realText(name.givenName);
		const display = realText(user.displayName);
		if (given !== undefined) {
			name.familyName = given;
			delete name.givenName;
		} else if (display !== undefined) {
			name.familyName = display;
		} else if (placeholderFamily !== undefined) {
			if (Object.keys(name).length === 0) delete user.name;
			return {
				path: 'name.familyName',
				message: `the source's last name is "${placeholderFamily}", a placeholder, and the record has no other name to use: Salesforce requires a Last Name. Enter the person's name in the source, or turn off "Ignore Placeholder Names" to send it as it is`,
			};
		}
	}
	if (Object.keys(name).length === 0) delete user.name;
	return undefined;
}
