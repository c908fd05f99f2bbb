import { applyMapping, compileMapping, MappingConfigError, type MappingRow } from '../../scim/mapping';
import { CORE, ENTERPRISE } from './helpers';

const noDerivations = { alias: false, nickName: false, displayName: false, userNameFromEmail: false };

function mapOne(rows: MappingRow[], record: unknown, options = {}) {
	return applyMapping(compileMapping(rows, { derive: noDerivations, validateFor: 'update', ...options }), record);
}

describe('targets', () => {
	test.each<[string, unknown, Record<string, unknown>]>([
		['userName', 'a@x.com', { userName: 'a@x.com' }],
		['name.givenName', 'Ada', { name: { givenName: 'Ada' } }],
		['Name.GivenName', 'Ada', { name: { givenName: 'Ada' } }],
		['emails[type eq "work"].value', 'a@x.com', { emails: [{ type: 'work', value: 'a@x.com' }] }],
		['emails[type eq "work" and primary eq true].value', 'a@x.com', { emails: [{ type: 'work', primary: true, value: 'a@x.com' }] }],
		['entitlements[type eq "Profile"].display', 'Standard User', { entitlements: [{ type: 'Profile', display: 'Standard User' }] }],
		[`${ENTERPRISE}:department`, 'R&D', { schemas: [CORE, ENTERPRISE], [ENTERPRISE]: { department: 'R&D' } }],
		[`${ENTERPRISE}:manager.value`, '005xx', { [ENTERPRISE]: { manager: { value: '005xx' } } }],
		['urn:ietf:params:scim:schemas:core:2.0:User:title', 'Boss', { title: 'Boss' }],
		['active', 'False', { active: false }],
		['active', 'yes', { active: true }],
		['externalId', 1234, { externalId: '1234' }],
		['emailEncodingKey', 'UTF-8', { emailEncodingKey: 'UTF-8' }],
	])('%s ← %j', (target, value, expected) => {
		const { user } = mapOne([{ target, value }], {});
		expect(user).toMatchObject(expected);
	});

	test('two rows into one value-filtered element never duplicate it', () => {
		const { user } = mapOne(
			[
				{ target: 'emails[type eq "work"].value', source: 'mail' },
				{ target: 'emails[type eq "work"].primary', value: 'true' },
				{ target: 'phoneNumbers[type eq "mobile"].value', source: 'mobile' },
			],
			{ mail: 'a@x.com', mobile: '+1 555' },
		);
		expect(user.emails).toEqual([{ type: 'work', value: 'a@x.com', primary: true }]);
		expect(user.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555' }]);
	});

	test('a list written to a value-filtered path becomes one element per value', () => {
		const { user } = mapOne([{ target: 'entitlements[type eq "PermissionSet"].display', source: 'groups | split' }], {
			groups: 'Sales Cloud; Inbox; Sales Cloud',
		});
		expect(user.entitlements).toEqual([
			{ type: 'PermissionSet', display: 'Sales Cloud' },
			{ type: 'PermissionSet', display: 'Inbox' },
		]);
	});

	test('paths beyond the fast shapes go through the core (a filter with "or" on an existing element)', () => {
		const { user } = mapOne(
			[
				{ target: 'emails[type eq "home"].value', value: 'h@x.com' },
				{ target: 'emails[type eq "home" or type eq "other"].display', value: 'Home' },
			],
			{},
		);
		expect(user.emails).toEqual([{ type: 'home', value: 'h@x.com', display: 'Home' }]);
	});
});

describe('rows', () => {
	test('empty sources write nothing (no blanking on update); a default fills them', () => {
		const { user } = mapOne(
			[
				{ target: 'title', source: 'jobTitle' },
				{ target: 'displayName', source: 'displayName' },
				{ target: `${ENTERPRISE}:department`, source: 'department', default: 'Unassigned' },
			],
			{ jobTitle: null, displayName: '  ' },
		);
		expect(user).toEqual({ schemas: [CORE, ENTERPRISE], [ENTERPRISE]: { department: 'Unassigned' } });
	});

	test('only-on-create rows are listed in _sfscim.createOnly, by their printed path', () => {
		const { user } = mapOne(
			[
				{ target: 'userName', source: 'upn' },
				{ target: 'Emails[Type eq "work"].Value', source: 'mail', apply: 'onCreate' },
				{ target: 'locale', value: 'en_US', apply: 'onCreate' },
			],
			{ upn: 'a@x.com', mail: 'a@x.com' },
		);
		expect(user._sfscim).toEqual({ createOnly: ['emails[type eq "work"].value', 'locale'] });
	});

	test('no side-car when there is nothing to say', () => {
		expect(mapOne([{ target: 'userName', source: 'upn' }], { upn: 'a@x.com' }).user).not.toHaveProperty('_sfscim');
	});

	test('keep source puts the record in the side-car', () => {
		const record = { upn: 'a@x.com' };
		expect(mapOne([{ target: 'userName', source: 'upn' }], record, { keepSource: true }).user._sfscim).toEqual({
			createOnly: [],
			source: record,
		});
	});

	test('dynamic rows take their value per item from the context, in row order', () => {
		const compiled = compileMapping(
			[
				{ target: 'title', dynamic: true },
				{ target: 'userName', source: 'upn' },
				{ target: 'displayName', dynamic: true, default: 'Nobody' },
			],
			{ derive: noDerivations, validateFor: 'update' },
		);
		expect(compiled.dynamicCount).toBe(2);
		const { user } = applyMapping(compiled, { upn: 'a@x.com' }, { dynamicValues: ['CEO', null] });
		expect(user).toMatchObject({ title: 'CEO', userName: 'a@x.com', displayName: 'Nobody' });
	});

	test('builder rows replace preset rows in place, remove them, or extend them', () => {
		const compiled = compileMapping(
			[
				{ target: 'title', source: '"Contractor"' },
				{ target: 'phoneNumbers[type eq "work"].value', remove: true },
				{ target: 'nickName', source: 'mailNickname' },
			],
			{ preset: 'entra', derive: noDerivations, validateFor: 'update' },
		);
		const { user } = applyMapping(compiled, { jobTitle: 'Analyst', businessPhones: ['+1'], mailNickname: 'ada' });
		expect(user).toMatchObject({ title: 'Contractor', nickName: 'ada' });
		expect(user).not.toHaveProperty('phoneNumbers');
	});
});

describe('bad configuration names the row', () => {
	test.each<[string, MappingRow[], object, RegExp]>([
		['unparsable path', [{ target: 'emails[type eq "work".value', source: 'mail' }], {}, /mapping row 1 \(emails\[type eq "work"\.value\): target .* is not a valid SCIM path/],
		['path with three levels', [{ target: 'name.given.first', source: 'x' }], {}, /mapping row 1 .*not a valid SCIM path/],
		['empty target', [{ target: ' ', source: 'x' }], {}, /mapping row 1 .*no target path/],
		[
			'two rows on one target',
			[
				{ target: 'userName', source: 'mail' },
				{ target: 'title', source: 'jobTitle' },
				{ target: 'USERNAME', source: 'upn' },
			],
			{},
			/mapping row 3 \(USERNAME\): writes the same target as mapping row 1 \(userName\)/,
		],
		['unknown transform', [{ target: 'title', source: 'jobTitle | shout' }], {}, /mapping row 1 \(title\): value "jobTitle \| shout" cannot be read: unknown transform "shout"/],
		['unknown preset', [], { preset: 'workday' }, /unknown preset "workday"/],
		['removing a field the preset does not map', [{ target: 'nickName', remove: true }], { preset: 'okta' }, /mapping row 1 \(nickName\): removes "nickName", which the Okta preset does not map/],
		['removing without a preset', [{ target: 'title', remove: true }], {}, /no preset is selected/],
		['a side-car field that is not one', [{ target: '_sfscim.createOnly', source: 'x' }], {}, /not a side-car field/],
	])('%s', (_label, rows, options, message) => {
		let thrown: unknown;
		try {
			compileMapping(rows, options);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(MappingConfigError);
		expect((thrown as Error).message).toMatch(message);
	});

	test('a custom label is used as given', () => {
		expect(() => compileMapping([{ target: 'x[', source: 'a', label: 'Mapping row 7 (x[)' }])).toThrow(/^Mapping row 7 \(x\[\): /);
	});
});
