import { RfcDialect, SalesforceDialect, applyPatchOps, type ScimResource } from '../../scim';

const group = (): ScimResource => ({ id: 'g', members: [{ value: '005A' }, { value: '005B' }, { value: 'x"y' }] });

describe('dialects', () => {
	it('name their endpoints and limits', () => {
		expect(SalesforceDialect).toMatchObject({ name: 'salesforce', maxPageSize: 200 });
		expect(RfcDialect).toMatchObject({ name: 'rfc', maxPageSize: 1000 });
	});

	it.each([
		[SalesforceDialect, 'add', ['005C'], [{ op: 'add', path: 'members', value: { members: [{ value: '005C' }] } }]],
		[SalesforceDialect, 'remove', ['005A', '005B'], [{ op: 'remove', path: 'members', value: { members: [{ value: '005A' }, { value: '005B' }] } }]],
		[RfcDialect, 'add', ['005C'], [{ op: 'add', path: 'members', value: [{ value: '005C' }] }]],
		[RfcDialect, 'remove', ['005A', 'x"y'], [{ op: 'remove', path: 'members[value eq "005A"]' }, { op: 'remove', path: 'members[value eq "x\\"y"]' }]],
		[RfcDialect, 'remove', [], []],
	] as const)('%#: %s members %s', (dialect, op, ids, expected) => {
		expect(dialect.membersPatch(op, [...ids])).toEqual(expected);
	});

	it.each([SalesforceDialect, RfcDialect])('$name: removing members never empties the group', (dialect) => {
		const after = applyPatchOps(group(), dialect.membersPatch('remove', ['005A', 'x"y']));
		expect(after.members).toEqual([{ value: '005B' }]);
		const added = applyPatchOps(group(), dialect.membersPatch('add', ['005C', '005A']));
		expect(added.members).toEqual([...(group().members as object[]), { value: '005C' }]);
	});
});
