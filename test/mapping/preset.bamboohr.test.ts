import { ENTERPRISE, mapWith } from './helpers';

// BambooHR employees (a custom report with these fields; the directory has fewer).
const maria = {
	id: '123',
	employeeNumber: '1042',
	firstName: 'María',
	lastName: 'José-Ñúñez',
	preferredName: null,
	displayName: 'María José-Ñúñez',
	workEmail: 'Maria.Nunez@acme.com',
	workPhone: '801-555-0199',
	mobilePhone: null,
	jobTitle: 'Account Executive',
	department: 'Sales',
	division: 'EMEA',
	status: 'Active',
	employmentHistoryStatus: 'Full-Time',
	hireDate: '2021-03-01',
	terminationDate: '0000-00-00',
	supervisor: 'Smith, Bob',
	supervisorEId: 77,
	supervisorEmail: 'bob.smith@acme.com',
};
const fnu = {
	id: '124',
	employeeNumber: 1043,
	firstName: 'FNU',
	lastName: 'Sukarno',
	displayName: 'FNU Sukarno',
	workEmail: 'sukarno@acme.com',
	status: 'Active',
	terminationDate: '',
};
const terminated = {
	id: '125',
	firstName: 'Terry',
	lastName: 'Minated',
	workEmail: 'terry.minated@acme.com',
	status: 'Inactive',
	employmentHistoryStatus: 'Terminated',
	terminationDate: '2026-09-30',
};
const noEmail = {
	id: '126',
	firstName: 'Nomail',
	lastName: 'Person',
	workEmail: null,
	status: 'Active',
	terminationDate: null,
};

test('an active employee: names, phone, enterprise numbers as strings, supervisor by email and id', () => {
	const [{ user, issues }] = mapWith('bamboohr', [maria]);
	expect(issues).toEqual([]);
	expect(user).toMatchObject({
		userName: 'maria.nunez@acme.com',
		externalId: '123',
		name: { givenName: 'María', familyName: 'José-Ñúñez' },
		emails: [{ type: 'work', value: 'Maria.Nunez@acme.com' }],
		phoneNumbers: [{ type: 'work', value: '801-555-0199' }],
		active: true,
		[ENTERPRISE]: { employeeNumber: '1042', department: 'Sales', division: 'EMEA' },
	});
	expect(user._sfscim?.manager).toEqual({ email: 'bob.smith@acme.com', externalId: '77', displayName: 'Smith, Bob' });
});

test('FNU placeholder first name: no given name, a numeric employee number becomes a string', () => {
	const [{ user, issues }] = mapWith('bamboohr', [fnu]);
	expect(issues).toEqual([]);
	expect(user.name).toEqual({ familyName: 'Sukarno' });
	expect(user[ENTERPRISE]).toEqual({ employeeNumber: '1043' });
	expect(user.active).toBe(true);
});

test('terminated: inactive', () => {
	expect(mapWith('bamboohr', [terminated])[0].user.active).toBe(false);
});

test('workEmail null: invalid, with the paths to fix', () => {
	const [{ issues }] = mapWith('bamboohr', [noEmail]);
	const paths = issues.map((issue) => issue.path);
	expect(paths).toEqual(expect.arrayContaining(['userName']));
	expect(issues.every((issue) => issue.message.length > 10)).toBe(true);
});
