import { applyMapping, compileMapping, type MappingOptions, type MappingRow, type PresetName } from '../../scim/mapping';

export const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Map records with a preset the way the node does by default, with a default profile so valid users validate. */
export function mapWith(preset: PresetName, records: unknown[], options: MappingOptions = {}, rows: MappingRow[] = []) {
	const compiled = compileMapping(rows, {
		preset,
		...options,
		derive: { defaultProfile: 'Standard User', ...options.derive },
	});
	return records.map((record) => applyMapping(compiled, record));
}
