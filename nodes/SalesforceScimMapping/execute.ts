/**
 * The node's one loop: read the table once, compile it once, map every item, route it by its issues.
 * Only n8n's parameter reading and expression evaluation happen here; the mapping itself is scim/mapping.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	applyMapping,
	compileMapping,
	MappingConfigError,
	type CompiledMapping,
	type MappingOptions,
	type MappingRow,
	type PresetName,
} from '../../scim/mapping';
import { mappingSourceOf } from '../../scim/events/source';
import { CUSTOM_TARGET } from './description';

interface RowParameter {
	target?: string;
	customTarget?: string;
	value?: unknown;
	apply?: 'always' | 'onCreate' | 'remove';
	default?: unknown;
}

interface OptionsParameter {
	activeStatusField?: string;
	activeStatusValues?: string;
	alias?: boolean;
	displayName?: boolean;
	nickName?: boolean;
	userNameFromEmail?: boolean;
	normalizeDiacritics?: boolean;
	emailEncodingKey?: string;
	preferredLanguage?: string;
	locale?: string;
	timezone?: string;
	permissionSets?: string;
	keepSource?: boolean;
	invalidRecords?: 'output' | 'flag';
	validateFor?: 'create' | 'update';
}

function isExpression(value: unknown): value is string {
	return typeof value === 'string' && value.startsWith('=');
}

function names(list: unknown): string[] {
	if (Array.isArray(list)) return list.map(String);
	if (typeof list !== 'string') return [];
	return list.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
}

interface DynamicRow {
	parameter: string;
	target: string;
	label: string;
}

/** An expression that failed for one item, with the row it belongs to. */
class RowValueError extends Error {
	constructor(
		readonly row: DynamicRow,
		cause: Error,
	) {
		super(`${row.label}: ${cause.message}`);
	}
}

interface Plan {
	compiled: CompiledMapping;
	/** The rows whose value is an expression, in dynamic-row order. */
	dynamicRows: DynamicRow[];
	permissionSetsExpression: boolean;
	/** Invalid records also go to output 1 with _sfscim.invalid (for a Sync). */
	flagInvalid: boolean;
}

/**
 * Read the table as written (expressions unevaluated): a plain value is an accessor compiled once; only
 * expression rows are evaluated per item, by n8n.
 */
function plan(this: IExecuteFunctions): Plan {
	const preset = this.getNodeParameter('preset', 0, 'none') as PresetName | 'none';
	const rawRows = this.getNodeParameter('mappings.rows', 0, [], { rawExpressions: true }) as RowParameter[];
	const options = this.getNodeParameter('options', 0, {}, { rawExpressions: true }) as OptionsParameter;
	const dynamicRows: DynamicRow[] = [];
	const rows: MappingRow[] = rawRows.map((raw, index) => {
		const target = raw.target === CUSTOM_TARGET ? String(raw.customTarget ?? '') : String(raw.target ?? '');
		const label = `Mapping row ${index + 1} (${target || 'no target'})`;
		const row: MappingRow = { target, label, apply: raw.apply === 'onCreate' ? 'onCreate' : 'always' };
		if (raw.apply === 'remove') return { ...row, remove: true };
		if (isExpression(raw.value)) {
			row.dynamic = true;
			dynamicRows.push({ parameter: `mappings.rows[${index}].value`, target, label });
		} else if (typeof raw.value === 'string' && raw.value.trim() !== '') {
			row.source = raw.value;
		} else if (raw.default === undefined || raw.default === '') {
			throw new MappingConfigError('has no value', label, 'Enter an input field name, an expression or a Value If Empty');
		}
		if (raw.default !== undefined && raw.default !== '') {
			row.default = isExpression(raw.default)
				? this.getNodeParameter(`mappings.rows[${index}].default`, 0)
				: raw.default;
		}
		return row;
	});
	// Options are settings of the whole run, evaluated once — except the per-item permission sets expression.
	const resolvedOptions: OptionsParameter = {};
	for (const key of Object.keys(options) as Array<keyof OptionsParameter>) {
		if (key === 'permissionSets') continue;
		(resolvedOptions as Record<string, unknown>)[key] = this.getNodeParameter(`options.${key}`, 0);
	}
	const mappingOptions: MappingOptions = {
		preset,
		validateFor: resolvedOptions.validateFor ?? 'create',
		keepSource: resolvedOptions.keepSource ?? false,
		derive: {
			alias: resolvedOptions.alias,
			displayName: resolvedOptions.displayName,
			nickName: resolvedOptions.nickName,
			userNameFromEmail: resolvedOptions.userNameFromEmail,
			normalizeDiacritics: resolvedOptions.normalizeDiacritics,
			emailEncodingKey: resolvedOptions.emailEncodingKey,
			preferredLanguage: resolvedOptions.preferredLanguage,
			locale: resolvedOptions.locale,
			timezone: resolvedOptions.timezone,
			sandboxSuffix: this.getNodeParameter('sandboxSuffix', 0, '') as string,
			defaultProfile: this.getNodeParameter('defaultProfile', 0, '') as string,
			permissionSets: isExpression(options.permissionSets) ? [] : names(options.permissionSets),
			activeStatus: resolvedOptions.activeStatusField
				? { source: resolvedOptions.activeStatusField, activeValues: names(resolvedOptions.activeStatusValues ?? 'Active') }
				: undefined,
		},
	};
	return {
		compiled: compileMapping(rows, mappingOptions),
		dynamicRows,
		permissionSetsExpression: isExpression(options.permissionSets),
		flagInvalid: resolvedOptions.invalidRecords === 'flag',
	};
}

function flagged(user: IDataObject, issues: Array<{ path: string; message: string }>): IDataObject {
	const meta = (user[SYNC_META] as IDataObject | undefined) ?? {};
	return { ...user, [SYNC_META]: { ...meta, invalid: issues } };
}

const SYNC_META = '_sfscim';

export async function mapItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const valid: INodeExecutionData[] = [];
	const invalid: INodeExecutionData[] = [];
	if (items.length === 0) return [valid, invalid];

	let mapping: Plan;
	try {
		mapping = plan.call(this);
	} catch (error) {
		// A configuration error concerns every item: report it once, at the first one.
		if (error instanceof MappingConfigError) {
			throw new NodeOperationError(this.getNode(), error.message, { itemIndex: 0, description: error.hint });
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: 0 });
	}

	for (let index = 0; index < items.length; index++) {
		try {
			const dynamicValues = mapping.dynamicRows.map((row) => {
				try {
					// The row's value may be any type (a boolean for `active`); the mapping coerces it per target.
					return this.getNodeParameter(row.parameter, index, undefined, { skipValidation: true });
				} catch (error) {
					return new RowValueError(row, error as Error);
				}
			});
			const failed = dynamicValues.find((value): value is RowValueError => value instanceof RowValueError);
			if (failed) throw failed;
			const permissionSets = mapping.permissionSetsExpression
				? names(this.getNodeParameter('options.permissionSets', index, ''))
				: undefined;
			const { user, issues } = applyMapping(mapping.compiled, mappingSourceOf(items[index].json) as IDataObject, { dynamicValues, permissionSets });
			if (issues.length === 0) {
				valid.push({ json: user as unknown as IDataObject, pairedItem: { item: index } });
			} else {
				invalid.push({ json: { issues, user } as unknown as IDataObject, pairedItem: { item: index } });
				// A Sync reading only valid records would take this person for a leaver: pass them on, flagged.
				if (mapping.flagInvalid) valid.push({ json: flagged(user as unknown as IDataObject, issues), pairedItem: { item: index } });
			}
		} catch (error) {
			if (!this.continueOnFail()) {
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: index });
			}
			const path = error instanceof RowValueError ? error.row.target : '';
			invalid.push({
				json: { error: (error as Error).message, issues: [{ path, message: (error as Error).message }] },
				pairedItem: { item: index },
			});
		}
	}
	return [valid, invalid];
}
