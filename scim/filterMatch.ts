/**
 * Evaluating a parsed filter against a resource (RFC 7644 §3.4.2.2).
 *
 * - Strings compare case-insensitively unless `caseExact(path)` says otherwise: RFC 7643 makes userName, emails
 *   and most User strings caseExact=false, and Salesforce lowercases userName, so `userName eq "JDoe@X.com"` matches.
 * - A multi-valued attribute matches if any element matches; a complex element without a sub-attribute compares its
 *   `value` (so `emails co "@example.com"` works).
 * - `ne` is the complement of `eq` (true when the attribute is absent); `eq null` means "not present".
 * - Ordering operators on booleans are a client error (400 invalidFilter), as the RFC requires.
 * - Booleans may be stored as "true"/"False" strings (Salesforce `primary`), numbers as numeric strings.
 */
import { asBoolean, getAttribute, isPlainObject, isPresent, schemaContainer, type JsonObject } from './attribute';
import { ScimError } from './error';
import { chainOperands, type AttributeRef, type CompareOperator, type FilterExpression, type FilterValue } from './filter';
import { isCoreSchema } from './schemas';

export interface MatchOptions {
	/** Whether string comparisons on this attribute (e.g. `userName`, `emails.value`, `urn:…:User:employeeNumber`) are case-sensitive. */
	caseExact?: (attributePath: string) => boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The path handed to `caseExact`: core-schema prefixes dropped, extension prefixes kept, value-path parent prepended. */
function pathName(ref: AttributeRef, parent: string | undefined): string {
	const schema = ref.schema !== undefined && !isCoreSchema(ref.schema) && parent === undefined ? `${ref.schema}:` : '';
	const own = `${ref.attribute}${ref.subAttribute !== undefined ? `.${ref.subAttribute}` : ''}`;
	return parent !== undefined ? `${parent}.${own}` : `${schema}${own}`;
}

/** All values an attribute reference denotes, multi-valued attributes flattened. */
function valuesOf(ref: AttributeRef, context: JsonObject, root: JsonObject | undefined): unknown[] {
	const container = ref.schema !== undefined && root !== undefined ? schemaContainer(root, ref.schema, false) : context;
	let values = toList(getAttribute(container, ref.attribute));
	if (ref.subAttribute !== undefined) {
		const sub = ref.subAttribute;
		values = values.flatMap((value) => toList(getAttribute(value, sub)));
	}
	return values;
}

function toList(value: unknown): unknown[] {
	if (value === undefined || value === null) return [];
	return Array.isArray(value) ? value : [value];
}

function primitive(value: unknown): unknown {
	return isPlainObject(value) ? getAttribute(value, 'value') : value;
}

function compareOne(actual: unknown, operator: CompareOperator, expected: FilterValue, caseExact: boolean): boolean {
	actual = primitive(actual);
	if (actual === undefined || actual === null || typeof actual === 'object') return false;
	if (typeof expected === 'boolean') {
		if (operator !== 'eq' && operator !== 'ne') {
			throw new ScimError(400, 'invalidFilter', `The operator '${operator}' is not defined for boolean values (RFC 7644 §3.4.2.2)`);
		}
		return asBoolean(actual) === expected;
	}
	if (typeof expected === 'number') {
		const number = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
		if (Number.isNaN(number)) return false;
		switch (operator) {
			case 'eq':
			case 'ne':
				return number === expected;
			case 'gt':
				return number > expected;
			case 'ge':
				return number >= expected;
			case 'lt':
				return number < expected;
			case 'le':
				return number <= expected;
			default:
				return compareStrings(String(actual), operator, String(expected), caseExact);
		}
	}
	if (expected === null) return false;
	if (typeof actual === 'boolean' && operator !== 'eq' && operator !== 'ne') {
		throw new ScimError(400, 'invalidFilter', `The operator '${operator}' is not defined for boolean attributes (RFC 7644 §3.4.2.2)`);
	}
	return compareStrings(String(actual), operator, expected, caseExact);
}

function compareStrings(actual: string, operator: CompareOperator, expected: string, caseExact: boolean): boolean {
	const a = caseExact ? actual : actual.toLowerCase();
	const e = caseExact ? expected : expected.toLowerCase();
	switch (operator) {
		case 'eq':
		case 'ne':
			return a === e;
		case 'co':
			return a.includes(e);
		case 'sw':
			return a.startsWith(e);
		case 'ew':
			return a.endsWith(e);
	}
	// RFC 7644: dateTime values compare chronologically, other strings lexically.
	let order: number;
	if (ISO_DATE.test(actual) && ISO_DATE.test(expected) && !Number.isNaN(Date.parse(actual)) && !Number.isNaN(Date.parse(expected))) {
		order = Date.parse(actual) - Date.parse(expected);
	} else {
		order = a < e ? -1 : a > e ? 1 : 0;
	}
	switch (operator) {
		case 'gt':
			return order > 0;
		case 'ge':
			return order >= 0;
		case 'lt':
			return order < 0;
		default:
			return order <= 0;
	}
}

function evaluate(expression: FilterExpression, context: JsonObject, root: JsonObject | undefined, parent: string | undefined, options: MatchOptions): boolean {
	switch (expression.kind) {
		case 'and':
			return chainOperands(expression).every((operand) => evaluate(operand, context, root, parent, options));
		case 'or':
			return chainOperands(expression).some((operand) => evaluate(operand, context, root, parent, options));
		case 'not':
			return !evaluate(expression.expression, context, root, parent, options);
		case 'present':
			return valuesOf(expression.attribute, context, root).some(isPresent);
		case 'valuePath': {
			const name = pathName(expression.attribute, parent);
			return valuesOf(expression.attribute, context, root).some((element) =>
				evaluate(expression.filter, isPlainObject(element) ? element : { value: element }, undefined, name, options),
			);
		}
		case 'compare': {
			const values = valuesOf(expression.attribute, context, root);
			if (expression.value === null) {
				const present = values.some(isPresent);
				return expression.operator === 'ne' ? present : expression.operator === 'eq' ? !present : false;
			}
			const caseExact = options.caseExact?.(pathName(expression.attribute, parent)) ?? false;
			const value = expression.value;
			const anyEqual = (operator: CompareOperator): boolean => values.some((actual) => compareOne(actual, operator, value, caseExact));
			return expression.operator === 'ne' ? !anyEqual('ne') : anyEqual(expression.operator);
		}
	}
}

export function matchesFilter(expression: FilterExpression, resource: object, options: MatchOptions = {}): boolean {
	if (!isPlainObject(resource)) return false;
	return evaluate(expression, resource, resource, undefined, options);
}
