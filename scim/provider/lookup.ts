/**
 * Answering `GET /Users?filter=…` and `GET /Groups?filter=…` from Salesforce. Salesforce filters reliably only on
 * `eq` of userName, externalId and id (see shared notes), and does not give `and` precedence. So a filter is parsed
 * here (400 invalidFilter for what we do not serve), one selective clause is chosen to send to Salesforce, and the
 * whole filter is then evaluated on what came back, so `and` and the other attributes are exact.
 */
import { ScimError } from '../error';
import { chainOperands, parseFilter, printAttributeRef, quoteFilterValue, type AttributeRef, type FilterExpression } from '../filter';

export interface LookupPlan {
	/** The parsed filter, evaluated on every candidate (undefined: all resources). */
	expression?: FilterExpression;
	/** `id eq "…"`: read that one resource instead of listing. */
	id?: string;
	/** A filter Salesforce can evaluate, sent to narrow the candidates; absent: list everything and filter here. */
	serverFilter?: string;
}

/** What an IdP filters on (RFC 7644 §3.4.2.2 as Okta and Entra use it); anything else is refused clearly. */
const USER_ATTRIBUTES = ['id', 'userName', 'externalId', 'emails.value', 'emails', 'displayName', 'active', 'name.givenName', 'name.familyName'];
const GROUP_ATTRIBUTES = ['id', 'displayName', 'externalId', 'members.value'];
/** Sent to Salesforce as they are; in this order of preference (the most selective first). */
const SERVER_SIDE: Record<string, readonly string[]> = { Users: ['id', 'userName', 'externalId'], Groups: ['id'] };

function refName(ref: AttributeRef): string {
	return `${ref.attribute}${ref.subAttribute ? `.${ref.subAttribute}` : ''}`;
}

function comparisons(expression: FilterExpression): FilterExpression[] {
	if (expression.kind === 'and') return chainOperands(expression).flatMap(comparisons);
	return [expression];
}

function check(expression: FilterExpression, allowed: string[], text: string): void {
	switch (expression.kind) {
		case 'and':
		case 'or':
			for (const operand of chainOperands(expression)) check(operand, allowed, text);
			return;
		case 'not':
			check(expression.expression, allowed, text);
			return;
		case 'valuePath':
			// emails[type eq "work"].value eq "…" arrives as a value path on emails, compared through its sub-attribute.
			if (!allowed.some((name) => name.toLowerCase().startsWith(expression.attribute.attribute.toLowerCase()))) {
				throw unsupported(text, printAttributeRef(expression.attribute));
			}
			return;
		case 'present':
		case 'compare': {
			const name = refName(expression.attribute);
			if (!allowed.some((candidate) => candidate.toLowerCase() === name.toLowerCase())) throw unsupported(text, name);
			return;
		}
	}
}

function unsupported(text: string, name: string): ScimError {
	return new ScimError(400, 'invalidFilter', `Cannot filter on "${name}" (in ${JSON.stringify(text)}); filter on userName, externalId, emails[type eq "work"].value, displayName or id`);
}

const VALUE_PATH_COMPARE =
	/([A-Za-z][\w-]*)\[([^\]]*)\]\.([A-Za-z][\w-]*)\s+(eq|ne|co|sw|ew|gt|lt|ge|le)\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?)/gi;

/**
 * Entra filters on `emails[type eq "work"].value eq "x"`, a PATCH-path shape the RFC filter grammar has no room for;
 * it means the same as `emails[type eq "work" and value eq "x"]`, which the grammar has.
 */
export function rewriteValuePathComparisons(filterText: string): string {
	return filterText.replace(VALUE_PATH_COMPARE, (_all, attribute: string, inner: string, sub: string, operator: string, value: string) => `${attribute}[(${inner}) and ${sub} ${operator} ${value}]`);
}

export function planLookup(resourceType: 'Users' | 'Groups', filterText: string | undefined): LookupPlan {
	if (filterText === undefined) return {};
	let expression: FilterExpression | undefined;
	let reason = '';
	try {
		expression = parseFilter(rewriteValuePathComparisons(filterText));
	} catch (error) {
		reason = (error as Error).message;
	}
	if (!expression) throw new ScimError(400, 'invalidFilter', `Invalid filter ${JSON.stringify(filterText)}: ${reason}`);
	check(expression, resourceType === 'Users' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES, filterText);
	const plan: LookupPlan = { expression };
	// Only a top-level `eq` or an `and` of clauses can be narrowed by one of its clauses; an `or` is read whole.
	const clauses = expression.kind === 'and' || expression.kind === 'compare' ? comparisons(expression) : [];
	for (const name of SERVER_SIDE[resourceType]) {
		const clause = clauses.find(
			(candidate) =>
				candidate.kind === 'compare' &&
				candidate.operator === 'eq' &&
				typeof candidate.value === 'string' &&
				candidate.attribute.subAttribute === undefined &&
				candidate.attribute.attribute.toLowerCase() === name.toLowerCase(),
		);
		if (clause && clause.kind === 'compare' && typeof clause.value === 'string') {
			if (name === 'id') plan.id = clause.value;
			// Salesforce stores usernames in lower case; the local evaluation below compares case-insensitively anyway.
			else plan.serverFilter = `${name} eq ${quoteFilterValue(name === 'userName' ? clause.value.toLowerCase() : clause.value)}`;
			break;
		}
	}
	return plan;
}

/** Stable ordering for paging: Salesforce ids sort the same way on every read. */
export function byId(a: { id?: unknown }, b: { id?: unknown }): number {
	return String(a.id ?? '').localeCompare(String(b.id ?? ''));
}
