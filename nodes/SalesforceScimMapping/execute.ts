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
	linkManagersByDn,
	MappingConfigError,
	type CompiledMapping,
	type MappedRecord,
	type MappingOptions,
	type MappingRow,
	type PresetName,
} from '../../scim/mapping';
import { isDirectoryEvent } from '../../scim/events/directoryEvent';
import { isPresetName } from '../../scim/mapping';
import { SIDECAR_KEY } from '../../scim/schemas';
import { errorItem, runJobs } from '../shared/runItems';
import { CUSTOM_TARGET, FROM_EVENT } from './description';
import { mappingSourceOf } from '../../scim/events/source';

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
	ignorePlaceholderNames?: boolean;
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
function plan(this: IExecuteFunctions, eventPreset?: string): Plan {
	const preset = (eventPreset ?? this.getNodeParameter('preset', 0, 'none')) as PresetName | 'none';
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
		ignorePlaceholderNames: resolvedOptions.ignorePlaceholderNames ?? true,
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
	const meta = (user[SIDECAR_KEY] as IDataObject | undefined) ?? {};
	return { ...user, [SIDECAR_KEY]: { ...meta, invalid: issues } };
}

/**
 * A directory trigger's event (docs/events.md) carries the user as its source shapes it: map `user`, with the
 * event's preset when the node's preset is "From the Event". Other items are mapped as they are.
 */
function eventRecord(json: IDataObject, fromEvent: boolean): { record: IDataObject; preset?: string; notAUser?: string; wrong?: MappingConfigError } {
	if (!isDirectoryEvent(json)) {
		if (!fromEvent) return { record: json };
		const wrong = new MappingConfigError(
			'is "From the Event", but the item is not a directory event',
			'Preset',
			'Connect the Directory Change Trigger or the SCIM Trigger, or choose the preset of your source',
		);
		return { record: json, wrong };
	}
	if (!json.user) return { record: json, notAUser: `A ${json.event} event has no user to map: send group events along another branch (an If on {{ $json.event }})` };
	if (fromEvent && !isPresetName(json.preset)) {
		const wrong = new MappingConfigError(`names the preset "${json.preset}", which this version does not have`, 'The event', 'Choose the preset of your source instead of "From the Event"');
		return { record: json, wrong };
	}
	// A SCIM user's enterprise extension is offered as `enterprise` too (scim/events/source.ts).
	return { record: mappingSourceOf(json) as IDataObject, preset: json.preset };
}

export async function mapItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const valid: INodeExecutionData[] = [];
	const invalid: INodeExecutionData[] = [];
	const mapped: MappedRecord[] = [];
	if (items.length === 0) return [valid, invalid];

	// "From the Event": each directory event names its preset; one compiled plan per preset named.
	const fromEvent = this.getNodeParameter('preset', 0, 'none') === FROM_EVENT;
	const plans = new Map<string, Plan>();
	const planFor = (index: number, preset?: string): Plan => {
		const key = preset ?? '';
		let found = plans.get(key);
		if (found) return found;
		try {
			found = plan.call(this, preset);
		} catch (error) {
			// A configuration error concerns every item: report it once, at the first one.
			if (error instanceof MappingConfigError) {
				throw new NodeOperationError(this.getNode(), error.message, { itemIndex: index, description: error.hint });
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: index });
		}
		plans.set(key, found);
		return found;
	};
	if (!fromEvent) planFor(0);

	// Configuration errors concern every item: found before any item is mapped (a preset an event names, a wrong input).
	const records = items.map((item, index) => {
		const found = eventRecord(item.json, fromEvent);
		if (found.wrong) throw new NodeOperationError(this.getNode(), found.wrong.message, { itemIndex: index, description: found.wrong.hint });
		if (!found.notAUser) planFor(index, fromEvent ? found.preset : undefined);
		return found;
	});

	// The package's one runner: one item at a time (mapping sends nothing), the item's index on its error.
	const outcomes = await runJobs(this, items.length, { concurrency: 1 }, async (index) => {
		const { record, preset, notAUser } = records[index];
		if (notAUser) return undefined;
		const mapping = planFor(index, fromEvent ? preset : undefined);
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
		return { ...applyMapping(mapping.compiled, record, { dynamicValues, permissionSets }), flagInvalid: mapping.flagInvalid };
	});
	for (const [index, outcome] of outcomes.entries()) {
		const pairedItem = { item: index };
		if (!outcome.ok) {
			// Continue on fail: the item goes to Invalid with the error, as the row it failed on.
			const path = outcome.cause instanceof RowValueError ? outcome.cause.row.target : '';
			const { error } = errorItem(outcome);
			invalid.push({ json: { error, issues: [{ path, message: error }] }, pairedItem });
			continue;
		}
		if (!outcome.value) {
			// A group event: nothing to map as a user.
			invalid.push({ json: { issues: [{ path: '', message: records[index].notAUser }], event: items[index].json }, pairedItem });
			continue;
		}
		const { user, issues, flagInvalid } = outcome.value;
		mapped.push({ source: records[index].record, user });
		if (issues.length === 0) {
			valid.push({ json: user as unknown as IDataObject, pairedItem });
		} else {
			invalid.push({ json: { issues, user } as unknown as IDataObject, pairedItem });
			// A Sync reading only valid records would take this person for a leaver: pass them on, flagged.
			if (flagInvalid) valid.push({ json: flagged(user as unknown as IDataObject, issues), pairedItem });
		}
	}
	// Managers named by DN (LDAP) are linked to their entry in this input; the output items share these objects.
	linkManagersByDn(mapped);
	return [valid, invalid];
}
