/**
 * compileMapping: rows (a preset's, then the builder's) → a mapper whose paths and accessors are parsed once.
 * applyMapping: one source record → one SCIM user, its side-car and its issues.
 */
import { AccessorSyntaxError, compileAccessor, type Accessor } from './accessor';
import { applyDerivations } from './derive';
import { MappingConfigError } from './errors';
import { dropPlaceholderNames } from './names';
import { isPresetName, PRESETS } from './presets';
import { compileTarget, type CompiledTarget } from './target';
import { isEmptyValue } from './transforms';
import type {
	ApplyContext,
	DerivationOptions,
	MappedUser,
	MappingOptions,
	MappingResult,
	MappingRow,
	SfScimSidecar,
} from './types';
import { validateMappedUser } from './validate';

const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface CompiledRow {
	readonly label: string;
	readonly target: CompiledTarget;
	readonly read: Accessor | undefined;
	readonly constant: unknown;
	/** Index into `ApplyContext.dynamicValues`, or -1. */
	readonly dynamicIndex: number;
	readonly createOnly: boolean;
	readonly fallback: unknown;
	/**
	 * A preset's phone row: Salesforce keeps one phone number per user, so the preset's rows (work, mobile, home,
	 * fax, pager, in that order) are alternatives, and the first with a value is the one written.
	 */
	readonly phoneAlternative: boolean;
}

export interface CompiledMapping {
	readonly rows: readonly CompiledRow[];
	/** How many dynamic rows the caller must supply values for, per item. */
	readonly dynamicCount: number;
	readonly derive: DerivationOptions;
	readonly validateFor: 'create' | 'update' | 'none';
	readonly keepSource: boolean;
	readonly ignorePlaceholderNames: boolean;
	/** Some row writes name.familyName (so an empty one means the source has none). */
	readonly mapsFamilyName: boolean;
}

function isPhoneTarget(target: CompiledTarget): boolean {
	return !target.sidecar && target.key.startsWith('phonenumbers');
}

function rowLabel(row: MappingRow, index: number, origin: string): string {
	return row.label ?? `${origin} ${index + 1} (${row.target || 'no target'})`;
}

function compileRow(row: MappingRow, label: string, target: CompiledTarget, dynamicIndex: number): CompiledRow {
	let read: Accessor | undefined;
	// Errors are carried out of the catch and thrown after it: n8n's lint forbids throwing inside a catch.
	let failure: string | undefined;
	if (row.source !== undefined && !row.dynamic) {
		try {
			read = compileAccessor(row.source);
		} catch (error) {
			failure = error instanceof AccessorSyntaxError ? error.message : `it is not valid (${(error as Error).message})`;
		}
	}
	if (failure !== undefined) {
		throw new MappingConfigError(
			`value "${row.source}" cannot be read: ${failure}`,
			label,
			'Use a field name (manager.mail), fallbacks (a ?? b), transforms (| trim | lower) or an expression',
		);
	}
	const fallback = row.default === '' || row.default === undefined ? undefined : target.coerce(row.default);
	return {
		label,
		target,
		read,
		constant: row.dynamic || read ? undefined : target.coerce(row.value),
		dynamicIndex,
		createOnly: row.apply === 'onCreate',
		fallback,
		phoneAlternative: false,
	};
}

function compileTargetOf(row: MappingRow, label: string): CompiledTarget {
	if (typeof row.target !== 'string' || row.target.trim() === '') {
		throw new MappingConfigError('no target path', label, 'Choose a target attribute or enter a SCIM path');
	}
	let failure: string;
	try {
		return compileTarget(row.target);
	} catch (error) {
		// The core's message repeats the path, which ours already names.
		failure = (error as Error).message.replace(`Invalid path '${row.target.trim()}': `, '');
	}
	throw new MappingConfigError(
		`target "${row.target}" is not a valid SCIM path: ${failure}`,
		label,
		'Write it as RFC 7644 does, e.g. name.familyName or emails[type eq "work"].value',
	);
}

/**
 * Merge the preset's rows with the builder's: a builder row with the same target replaces the preset's row in
 * place, a `remove` row drops it, any other row is appended. Throws MappingConfigError naming the row.
 */
export function compileMapping(rows: readonly MappingRow[], options: MappingOptions = {}): CompiledMapping {
	const presetName = options.preset ?? 'none';
	if (presetName !== 'none' && !isPresetName(presetName)) {
		throw new MappingConfigError(`unknown preset "${presetName}"`, undefined, `Use one of: ${Object.keys(PRESETS).join(', ')}`);
	}
	const preset = presetName === 'none' ? undefined : PRESETS[presetName];

	const merged: Array<CompiledRow | undefined> = [];
	const slotByKey = new Map<string, number>();
	preset?.rows.forEach((row, index) => {
		const label = rowLabel(row, index, `${preset.displayName} preset row`);
		const target = compileTargetOf(row, label);
		slotByKey.set(target.key, merged.length);
		const compiled = compileRow(row, label, target, -1);
		merged.push(isPhoneTarget(target) ? { ...compiled, phoneAlternative: true } : compiled);
	});

	const ownRowByKey = new Map<string, string>();
	let dynamicCount = 0;
	rows.forEach((row, index) => {
		const label = rowLabel(row, index, 'mapping row');
		const target = compileTargetOf(row, label);
		const earlier = ownRowByKey.get(target.key);
		if (earlier !== undefined) {
			throw new MappingConfigError(
				`writes the same target as ${earlier} (${target.printed})`,
				label,
				'Keep one row per target; use fallbacks (a ?? b) to combine sources',
			);
		}
		ownRowByKey.set(target.key, label);
		const slot = slotByKey.get(target.key);
		if (row.remove) {
			if (slot === undefined) {
				throw new MappingConfigError(
					preset
						? `removes "${target.printed}", which the ${preset.displayName} preset does not map`
						: `removes "${target.printed}", but no preset is selected`,
					label,
					preset ? `The preset maps: ${preset.rows.map((presetRow) => presetRow.target).join(', ')}` : undefined,
				);
			}
			merged[slot] = undefined;
			return;
		}
		const dynamicIndex = row.dynamic ? dynamicCount++ : -1;
		const compiled = compileRow(row, label, target, dynamicIndex);
		if (slot === undefined) merged.push(compiled);
		// A builder's row in place of a preset phone row stays one of the alternatives.
		else merged[slot] = merged[slot]?.phoneAlternative ? { ...compiled, phoneAlternative: true } : compiled;
	});

	const activeStatus = options.derive?.activeStatus;
	if (activeStatus && activeStatus.source.trim() !== '') {
		const values = activeStatus.activeValues.map((value) => value.trim()).filter((value) => value !== '');
		if (values.length === 0) {
			throw new MappingConfigError('no status value means active', 'Active from status', 'List the status values of active people, e.g. Active, On Leave');
		}
		const row: MappingRow = { target: 'active', source: `${activeStatus.source} | in:${values.join(',')}` };
		const compiled = compileRow(row, 'Active from status', compileTarget('active'), -1);
		const slot = merged.findIndex((candidate) => candidate?.target.key === 'active');
		if (slot >= 0) merged[slot] = compiled;
		else merged.push(compiled);
	}

	const compiledRows = merged.filter((row): row is CompiledRow => row !== undefined);
	return {
		rows: compiledRows,
		dynamicCount,
		derive: options.derive ?? {},
		validateFor: options.validateFor ?? 'create',
		keepSource: options.keepSource ?? false,
		ignorePlaceholderNames: options.ignorePlaceholderNames ?? true,
		mapsFamilyName: compiledRows.some((row) => row.target.key === 'name.familyname'),
	};
}

/** Map one record. Empty sources write nothing (never blank a Salesforce field), unless the row has a default. */
export function applyMapping(compiled: CompiledMapping, source: unknown, context: ApplyContext = {}): MappingResult {
	const user: MappedUser = { schemas: [CORE_USER_SCHEMA] };
	let sidecar: SfScimSidecar | undefined;
	const createOnly: string[] = [];
	const dynamicValues = context.dynamicValues;
	let phoneWritten = false;

	for (const row of compiled.rows) {
		if (row.phoneAlternative && phoneWritten) continue;
		// A value the target cannot take (`active` ← "maybe") counts as empty, so the default applies.
		let value = row.read
			? row.target.coerce(row.read(source))
			: row.dynamicIndex >= 0
				? row.target.coerce(dynamicValues?.[row.dynamicIndex])
				: row.constant;
		if (isEmptyValue(value)) {
			if (row.fallback === undefined) continue;
			value = row.fallback;
		}
		if (row.target.sidecar) {
			sidecar ??= { createOnly };
			row.target.set(sidecar, value);
		} else {
			row.target.set(user, value);
			if (row.createOnly) createOnly.push(row.target.printed);
			if (row.phoneAlternative) phoneWritten = true;
		}
	}

	const nameIssue = compiled.ignorePlaceholderNames ? dropPlaceholderNames(user, compiled.mapsFamilyName) : undefined;
	applyDerivations(user, compiled.derive, context.permissionSets, createOnly);

	if (user[ENTERPRISE_USER_SCHEMA] !== undefined) user.schemas.push(ENTERPRISE_USER_SCHEMA);
	if (compiled.keepSource) {
		sidecar ??= { createOnly };
		sidecar.source = source;
	}
	if (sidecar || createOnly.length > 0) user._sfscim = sidecar ?? { createOnly };
	let issues = compiled.validateFor === 'none' ? [] : validateMappedUser(user, compiled.validateFor === 'create');
	// The placeholder issue says more than "Last Name is required": it replaces it.
	if (nameIssue) issues = [nameIssue, ...issues.filter((issue) => issue.path !== nameIssue.path)];
	return { user, issues };
}
