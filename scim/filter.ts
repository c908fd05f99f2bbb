/**
 * SCIM filters (RFC 7644 §3.4.2.2): parse, print, quote. Matching lives in filterMatch.ts.
 *
 *   filter    = orExpr ;  orExpr = andExpr *("or" andExpr) ;  andExpr = unary *("and" unary)   -- `and` binds tighter
 *   unary     = "not" "(" filter ")" / "(" filter ")" / attrPath "[" filter "]" / attrPath "pr" / attrPath op value
 *   attrPath  = [URI ":"] ATTRNAME ["." subAttr]
 *
 * Operators, `and`/`or`/`not` and the literals true/false/null are case-insensitive (ABNF strings are). Parentheses
 * leave no trace in the tree: printFilter puts back exactly the ones the precedence rules need, so
 * parseFilter(printFilter(x)) deep-equals x.
 */
import { ScimError } from './error';
import { isSchemaUrn } from './schemas';

export const COMPARE_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];
export type FilterValue = string | number | boolean | null;

/** An attribute as a filter names it; optional keys are absent, never `undefined`. */
export interface AttributeRef {
	schema?: string;
	attribute: string;
	subAttribute?: string;
}

export type FilterExpression =
	| { kind: 'compare'; attribute: AttributeRef; operator: CompareOperator; value: FilterValue }
	| { kind: 'present'; attribute: AttributeRef }
	| { kind: 'and'; left: FilterExpression; right: FilterExpression }
	| { kind: 'or'; left: FilterExpression; right: FilterExpression }
	| { kind: 'not'; expression: FilterExpression }
	/** `emails[type eq "work"]`: some element of the multi-valued attribute matches `filter`. */
	| { kind: 'valuePath'; attribute: AttributeRef; filter: FilterExpression };

const ATTRIBUTE_NAME = /^\$?[A-Za-z][A-Za-z0-9_-]*$/;
const WORD = /[A-Za-z$][A-Za-z0-9_.:$~%+-]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/** Bounds: a hostile `((((…` or a megabyte of terms must fail as invalidFilter, not as a stack overflow. */
const MAX_DEPTH = 64;
const MAX_TERMS = 10000;

/**
 * Split `[urn:…:]name[.sub]` into its parts, or return a reason it is not an attribute path.
 * The URN part ends at the last colon (URNs contain dots, e.g. `…:2.0:User`).
 */
export function splitAttributePath(text: string): AttributeRef | string {
	let rest = text;
	let schema: string | undefined;
	if (/^urn:/i.test(text)) {
		const colon = text.lastIndexOf(':');
		schema = text.slice(0, colon);
		rest = text.slice(colon + 1);
		if (!isSchemaUrn(schema)) return `'${schema}' is not a schema URN`;
	}
	const parts = rest.split('.');
	if (parts.length > 2) return `'${text}' has more than one sub-attribute (SCIM attributes nest at most two levels)`;
	for (const part of parts) {
		if (!ATTRIBUTE_NAME.test(part)) return `'${part}' is not a valid attribute name`;
	}
	const ref: AttributeRef = schema !== undefined ? { schema, attribute: parts[0] } : { attribute: parts[0] };
	if (parts[1] !== undefined) ref.subAttribute = parts[1];
	return ref;
}

export function printAttributeRef(ref: AttributeRef): string {
	return `${ref.schema !== undefined ? `${ref.schema}:` : ''}${ref.attribute}${ref.subAttribute !== undefined ? `.${ref.subAttribute}` : ''}`;
}

class FilterParser {
	private pos = 0;
	private depth = 0;
	private terms = 0;

	constructor(private readonly text: string) {}

	parse(): FilterExpression {
		const expression = this.parseOr(false);
		this.skipSpace();
		if (this.pos < this.text.length) this.fail(`expected "and", "or" or the end of the filter`);
		return expression;
	}

	private fail(expected: string): never {
		const found = this.pos >= this.text.length ? 'the end of the filter' : `'${this.text.slice(this.pos, this.pos + 20)}'`;
		throw new ScimError(400, 'invalidFilter', `Invalid filter at position ${this.pos + 1}: ${expected}, found ${found}`);
	}

	private skipSpace(): void {
		while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
	}

	private peekWord(): string | undefined {
		WORD.lastIndex = this.pos;
		return WORD.exec(this.text)?.[0];
	}

	/** A keyword only counts as a whole word: `orange` is not `or`. */
	private acceptKeyword(keyword: string): boolean {
		const word = this.peekWord();
		if (word === undefined || word.toLowerCase() !== keyword) return false;
		this.pos += word.length;
		return true;
	}

	private enter(): void {
		if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels is not supported`);
	}

	private parseOr(inValuePath: boolean): FilterExpression {
		let left = this.parseAnd(inValuePath);
		for (;;) {
			this.skipSpace();
			if (!this.acceptKeyword('or')) return left;
			left = { kind: 'or', left, right: this.parseAnd(inValuePath) };
		}
	}

	private parseAnd(inValuePath: boolean): FilterExpression {
		let left = this.parseUnary(inValuePath);
		for (;;) {
			this.skipSpace();
			if (!this.acceptKeyword('and')) return left;
			left = { kind: 'and', left, right: this.parseUnary(inValuePath) };
		}
	}

	private parseUnary(inValuePath: boolean): FilterExpression {
		this.skipSpace();
		if (this.text[this.pos] === '(') return this.parseGroup(inValuePath);
		const word = this.peekWord();
		if (word !== undefined && word.toLowerCase() === 'not') {
			const after = this.pos + word.length;
			const next = this.text.slice(after).trimStart()[0];
			if (next === '(') {
				this.pos = after;
				this.skipSpace();
				return { kind: 'not', expression: this.parseGroup(inValuePath) };
			}
		}
		return this.parseAttributeExpression(inValuePath);
	}

	private parseGroup(inValuePath: boolean): FilterExpression {
		const open = this.pos;
		this.pos++;
		this.enter();
		const inner = this.parseOr(inValuePath);
		this.skipSpace();
		if (this.text[this.pos] !== ')') this.fail(`expected ')' to close the '(' at position ${open + 1}`);
		this.pos++;
		this.depth--;
		return inner;
	}

	private parseAttributeExpression(inValuePath: boolean): FilterExpression {
		if (++this.terms > MAX_TERMS) this.fail(`more than ${MAX_TERMS} terms are not supported`);
		const start = this.pos;
		const word = this.peekWord();
		if (word === undefined) this.fail('expected an attribute name, "not (" or "("');
		const ref = splitAttributePath(word);
		if (typeof ref === 'string') this.fail(`expected an attribute path (${ref})`);
		this.pos += word.length;
		if (this.text[this.pos] === '[') {
			if (inValuePath) this.fail('expected an operator: value filters cannot be nested (RFC 7644 §3.4.2.2)');
			if (ref.subAttribute !== undefined) {
				this.pos = start;
				this.fail('expected a multi-valued attribute before "[", not a sub-attribute');
			}
			const open = this.pos;
			this.pos++;
			this.enter();
			const filter = this.parseOr(true);
			this.skipSpace();
			if (this.text[this.pos] !== ']') this.fail(`expected ']' to close the '[' at position ${open + 1}`);
			this.pos++;
			this.depth--;
			return { kind: 'valuePath', attribute: ref, filter };
		}
		const beforeSpace = this.pos;
		this.skipSpace();
		const operator = this.peekWord()?.toLowerCase();
		if (this.pos === beforeSpace || operator === undefined || !(operator === 'pr' || (COMPARE_OPERATORS as readonly string[]).includes(operator))) {
			this.fail(`expected an operator after '${word}' (eq, ne, co, sw, ew, gt, lt, ge, le or pr)`);
		}
		this.pos += operator.length;
		if (operator === 'pr') return { kind: 'present', attribute: ref };
		const afterOperator = this.pos;
		this.skipSpace();
		if (this.pos === afterOperator) this.fail(`expected a space and a value after '${operator}'`);
		return { kind: 'compare', attribute: ref, operator: operator as CompareOperator, value: this.parseValue() };
	}

	private parseValue(): FilterValue {
		const c = this.text[this.pos];
		if (c === '"') return this.parseString();
		if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
			NUMBER.lastIndex = this.pos;
			const match = NUMBER.exec(this.text);
			if (!match) this.fail('expected a number');
			const value = Number(match[0]);
			if (!Number.isFinite(value)) this.fail('expected a finite number');
			this.pos += match[0].length;
			return value;
		}
		const word = this.peekWord()?.toLowerCase();
		const literals: Record<string, FilterValue> = { true: true, false: false, null: null };
		if (word !== undefined && word in literals) {
			this.pos += word.length;
			return literals[word];
		}
		this.fail('expected a value: a "quoted string", a number, true, false or null');
	}

	private parseString(): string {
		const start = this.pos;
		let i = start + 1;
		while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === '\\' ? 2 : 1;
		if (i >= this.text.length) this.fail('expected a closing \'"\' for the string');
		try {
			const value = JSON.parse(this.text.slice(start, i + 1)) as string;
			this.pos = i + 1;
			return value;
		} catch {
			this.fail('expected a JSON string (escape " and \\ with a backslash; no raw control characters)');
		}
	}
}

export function parseFilter(text: string): FilterExpression {
	if (typeof text !== 'string') throw new ScimError(400, 'invalidFilter', 'Invalid filter: expected a string');
	return new FilterParser(text).parse();
}

/** JSON quoting (RFC 7644 §3.4.2.2 compValue is a JSON string): the one safe way to put user data into a filter. */
export function quoteFilterValue(value: string): string {
	return JSON.stringify(String(value));
}

function printValue(value: FilterValue): string {
	if (typeof value === 'string') return quoteFilterValue(value);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new ScimError(400, 'invalidValue', `Cannot print the non-finite number ${value} in a filter`);
		return Object.is(value, -0) ? '-0' : String(value);
	}
	return String(value);
}

/**
 * The operands of a chain `a and b and c` in order. Chains parse left-deep, so walking the left spine in a loop
 * keeps a 10,000-term `or` (a batched lookup) from exhausting the stack in every consumer.
 */
export function chainOperands(expression: FilterExpression & { kind: 'and' | 'or' }): FilterExpression[] {
	const rights: FilterExpression[] = [];
	let node: FilterExpression = expression;
	while (node.kind === expression.kind) {
		rights.push(node.right);
		node = node.left;
	}
	return [node, ...rights.reverse()];
}

/** Salesforce does not give `and` precedence over `or`, so a filter mixing both means something else there. */
export function mixesAndOr(expression: FilterExpression): boolean {
	const kinds = new Set<string>();
	const stack: FilterExpression[] = [expression];
	while (stack.length > 0) {
		const node = stack.pop() as FilterExpression;
		if (node.kind === 'and' || node.kind === 'or') {
			kinds.add(node.kind);
			stack.push(node.left, node.right);
		} else if (node.kind === 'not') {
			stack.push(node.expression);
		} else if (node.kind === 'valuePath') {
			stack.push(node.filter);
		}
	}
	return kinds.size === 2;
}

export function printFilter(expression: FilterExpression): string {
	const wrap = (e: FilterExpression, needsParens: boolean): string => (needsParens ? `(${printFilter(e)})` : printFilter(e));
	switch (expression.kind) {
		case 'compare':
			return `${printAttributeRef(expression.attribute)} ${expression.operator} ${printValue(expression.value)}`;
		case 'present':
			return `${printAttributeRef(expression.attribute)} pr`;
		case 'valuePath':
			return `${printAttributeRef(expression.attribute)}[${printFilter(expression.filter)}]`;
		case 'not':
			return `not (${printFilter(expression.expression)})`;
		// Chains parse left-associative, so a later operand of the same kind needs parentheses; `or` inside `and` always does.
		case 'and':
			return chainOperands(expression)
				.map((operand, i) => wrap(operand, operand.kind === 'or' || (i > 0 && operand.kind === 'and')))
				.join(' and ');
		case 'or':
			return chainOperands(expression)
				.map((operand, i) => wrap(operand, i > 0 && operand.kind === 'or'))
				.join(' or ');
	}
}

/** `userName eq "a\"b"` — the attribute path is checked, the value quoted. */
export function filterEq(attributePath: string, value: string): string {
	const ref = splitAttributePath(attributePath);
	if (typeof ref === 'string') throw new ScimError(400, 'invalidFilter', `Invalid attribute path for a filter: ${ref}`);
	return `${printAttributeRef(ref)} eq ${quoteFilterValue(value)}`;
}
