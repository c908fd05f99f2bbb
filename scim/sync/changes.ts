/** The reviewer's view of a PATCH: attribute by attribute, before and after. */
import { deepEqual, findKey, isPlainObject } from '../attribute';
import type { PatchOperation } from '../patchop';
import { sameSalesforceId } from '../patchDiff';
import { isWholeSchemaUrn } from '../path';
import type { ScimUser } from '../schemas';
import type { AttributeChange } from './types';

/**
 * What `operations` (built by buildPatchOps: one no-path replace of whole top-level attributes) change on `current`.
 * An extension is written whole, but a reviewer wants `…:User:department`, so it is told per sub-attribute.
 */
export function changesOf(current: ScimUser, operations: PatchOperation[]): AttributeChange[] {
	const changes: AttributeChange[] = [];
	for (const op of operations) {
		if (op.path !== undefined) {
			changes.push({ attribute: op.path, before: valueAt(current, op.path), after: op.op === 'remove' ? null : op.value ?? null });
			continue;
		}
		if (!isPlainObject(op.value)) continue;
		for (const [name, after] of Object.entries(op.value)) {
			const before = valueAt(current, name);
			if (isWholeSchemaUrn(name) && isPlainObject(after)) {
				const held = isPlainObject(before) ? before : {};
				for (const [sub, value] of Object.entries(after)) {
					const was = valueAt(held, sub);
					if (!sameSubValue(was, value)) changes.push({ attribute: `${name}:${sub}`, before: was ?? null, after: value });
				}
				continue;
			}
			changes.push({ attribute: name, before: before ?? null, after });
		}
	}
	return changes;
}

/**
 * A reference (the manager) is the same when it points at the same record: Salesforce answers
 * `{ value, $ref, displayName }` where the plan holds `{ value }`, and ids come in 15 and 18 characters.
 */
function sameSubValue(was: unknown, value: unknown): boolean {
	if (isPlainObject(was) && isPlainObject(value) && 'value' in value && 'value' in was) {
		return sameSalesforceId(String(was.value ?? ''), String(value.value ?? ''));
	}
	return deepEqual(was, value);
}

function valueAt(resource: object, name: string): unknown {
	const key = findKey(resource, name);
	return key === undefined ? undefined : (resource as Record<string, unknown>)[key];
}
