/**
 * A mapping that cannot run as configured (unparsable path, two rows on one target, unknown preset or
 * transform). The node turns it into a NodeOperationError at the first item; `row` names the offending row.
 */
export class MappingConfigError extends Error {
	constructor(
		message: string,
		readonly row?: string,
		readonly hint?: string,
	) {
		super(row ? `${row}: ${message}` : message);
		this.name = 'MappingConfigError';
	}
}
