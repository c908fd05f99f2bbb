/**
 * Source accessors: the small, safe language a mapping row uses to read a source record.
 *
 *   accessor    := alternative ( "??" alternative )*        first alternative with a value wins
 *   alternative := operand ( "|" transform )*
 *   operand     := fieldPath | "~" fieldPath | '"' literal '"'
 *   fieldPath   := name ( "." name )*                        a numeric name indexes a list
 *   transform   := name [ ":" argument ]                     see transforms.ts
 *
 * A transform's argument runs to the next `|` (so it cannot contain one); `??` and `|` inside double quotes are text.
 * `~` matches field names loosely (case, spaces, punctuation and a UTF-8 byte-order mark ignored), for CSV
 * headers typed by people. An accessor is compiled once into closures; reading it per item costs a few
 * property loads, which is what keeps a 12-row mapping near a hand-written function.
 */
import { createTransform, isEmptyValue, type Transform } from './transforms';

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export type Accessor = (record: unknown) => unknown;

export class AccessorSyntaxError extends Error {}

/** Split on a separator outside double quotes. */
function splitTopLevel(text: string, separator: string): string[] {
	const parts: string[] = [];
	let start = 0;
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char === '\\' && quoted) {
			index++;
			continue;
		}
		if (char === '"') quoted = !quoted;
		else if (!quoted && text.startsWith(separator, index)) {
			parts.push(text.slice(start, index));
			start = index + separator.length;
			index += separator.length - 1;
		}
	}
	if (quoted) throw new AccessorSyntaxError(`unterminated quote in "${text}"`);
	parts.push(text.slice(start));
	return parts;
}

/** What a loose (`~`) field name compares as: `\uFEFFFirst Name ` and `first_name` are both `firstname`. */
export function looseKey(name: string): string {
	return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function readField(record: unknown, name: string, loose: boolean): unknown {
	if (record === null || typeof record !== 'object') return undefined;
	const object = record as Record<string, unknown>;
	const exact = object[name];
	if (exact !== undefined || !loose) return exact;
	const wanted = looseKey(name);
	for (const key in object) {
		if (looseKey(key) === wanted) return object[key];
	}
	return undefined;
}

function compileFieldPath(text: string): Accessor {
	let loose = false;
	let path = text.trim();
	if (path.startsWith('~')) {
		loose = true;
		path = path.slice(1).trim();
	}
	// People paste what they see in n8n's expression editor; `$json.mail` means the field `mail`.
	if (path.startsWith('$json.')) path = path.slice(6);
	if (path === '') throw new AccessorSyntaxError('empty field name');
	const names = path.split('.').map((name) => name.trim());
	if (names.some((name) => name === '')) throw new AccessorSyntaxError(`empty field name in "${text.trim()}"`);
	// Reads are plain property loads; names that would reach Object.prototype (`constructor`, `__proto__`)
	// are refused here rather than checked with hasOwnProperty on every read.
	const inherited = names.find((name) => PROTOTYPE_NAMES.has(name));
	if (inherited) throw new AccessorSyntaxError(`"${inherited}" cannot be used as a field name`);

	if (loose) {
		return (record) => {
			let value: unknown = record;
			for (const name of names) value = readField(value, name, true);
			return value;
		};
	}
	// The common shapes get a closure without a loop: one or two plain property reads.
	if (names.length === 1) {
		const [first] = names;
		return (record) =>
			record !== null && typeof record === 'object' ? (record as Record<string, unknown>)[first] : undefined;
	}
	if (names.length === 2) {
		const [first, second] = names;
		return (record) => {
			if (record === null || typeof record !== 'object') return undefined;
			const inner = (record as Record<string, unknown>)[first];
			return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>)[second] : undefined;
		};
	}
	return (record) => {
		let value: unknown = record;
		for (const name of names) value = readField(value, name, false);
		return value;
	};
}

function compileOperand(text: string): Accessor {
	const trimmed = text.trim();
	if (trimmed.startsWith('"')) {
		if (!trimmed.endsWith('"') || trimmed.length < 2) throw new AccessorSyntaxError(`unterminated quote in ${trimmed}`);
		const literal = JSON.parse(trimmed) as string;
		return () => literal;
	}
	return compileFieldPath(trimmed);
}

function compileAlternative(text: string): Accessor {
	const [operandText, ...transformTexts] = splitTopLevel(text, '|');
	const operand = compileOperand(operandText);
	const transforms: Transform[] = transformTexts.map((transformText) => {
		const trimmed = transformText.trim();
		const colon = trimmed.indexOf(':');
		const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
		const argument = colon < 0 ? undefined : trimmed.slice(colon + 1).trim();
		const transform = createTransform(name, argument);
		if (!transform) throw new AccessorSyntaxError(`unknown transform "${name}"`);
		return transform;
	});
	if (transforms.length === 0) return operand;
	return (record) => {
		let value = operand(record);
		// Every transform accepts "no value" itself, so `End Date | isEmpty` can answer true for a missing cell.
		for (const transform of transforms) value = transform(value);
		return value;
	};
}

/** Compile accessor text; throws `AccessorSyntaxError` saying what is wrong. */
export function compileAccessor(text: string): Accessor {
	if (text.trim() === '') throw new AccessorSyntaxError('empty source');
	const alternatives = splitTopLevel(text, '??').map(compileAlternative);
	if (alternatives.length === 1) return alternatives[0];
	return (record) => {
		for (const alternative of alternatives) {
			const value = alternative(record);
			if (!isEmptyValue(value)) return value;
		}
		return undefined;
	};
}
