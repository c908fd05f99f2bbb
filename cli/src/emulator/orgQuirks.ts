/**
 * An org that does not keep everything a client sends: attributes its SCIM schema lacks are accepted and dropped
 * (`dropAttributes`), and phone numbers are stored reformatted (`phoneFormat: 'e164'`). Both answer 200 as if the
 * write had stuck, which is exactly what a client must notice. Kept apart from state.ts: a write body passes
 * through here before the org's rules, and the served /Schemas leave the dropped attributes out.
 */
import type { BehaviourSwitches } from './types';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const dropped = (behaviour: BehaviourSwitches) => new Set(behaviour.dropAttributes.map((name) => name.toLowerCase()));

/** `+1 (415) 555-0100` → `+14155550100`: the digits, with a leading + (a national number gets none). */
export function e164(phone: string): string {
	const digits = phone.replace(/\D/g, '');
	return phone.trim().startsWith('+') || digits.length > 10 ? `+${digits}` : digits;
}

/** The body as this org keeps it: dropped attributes gone, phone values reformatted. Never mutates `body`. */
export function asKept(body: unknown, behaviour: BehaviourSwitches): unknown {
	if (!isObject(body)) return body;
	const drop = dropped(behaviour);
	if (drop.size === 0 && behaviour.phoneFormat === 'asSent') return body;
	const kept: Json = {};
	for (const [key, value] of Object.entries(body)) {
		const bare = key.replace(/^urn:ietf:params:scim:schemas:core:2\.0:User:/i, '').toLowerCase();
		if (drop.has(bare)) continue;
		kept[key] = bare === 'phonenumbers' && behaviour.phoneFormat === 'e164' && Array.isArray(value)
			? value.map((p) => (isObject(p) && typeof p.value === 'string' ? { ...p, value: e164(p.value) } : p))
			: value;
	}
	return kept;
}

/** The served User schema without the dropped attributes. */
export function schemaAsKept(schemas: Json[], behaviour: BehaviourSwitches, userUrn: string): Json[] {
	const drop = dropped(behaviour);
	if (drop.size === 0) return schemas;
	return schemas.map((schema) =>
		schema.id === userUrn && Array.isArray(schema.attributes)
			? { ...schema, attributes: (schema.attributes as Json[]).filter((a) => !drop.has(String(a.name).toLowerCase())) }
			: schema,
	);
}
