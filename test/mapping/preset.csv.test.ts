import { ENTERPRISE, mapWith } from './helpers';

// Rows as n8n's Extract from File reads a CSV: strings with their whitespace, empty cells dropped, a UTF-8
// byte-order mark stuck to the first header.
const rows = [
	{
		'\uFEFFEmployee ID': ' 5001 ',
		'First Name': 'Ana ',
		'Last Name': ' Lima',
		Email: ' Ana.Lima@Example.COM ',
		Department: 'Sales ',
		Title: 'Rep',
		'Manager Email': 'BOSS@example.com ',
		Phone: '+55 11 5555 0100',
	},
	{
		'\uFEFFEmployee ID': '5002',
		'First Name': 'Bo',
		'Last Name': 'Ek',
		Email: 'bo.ek@example.com',
		'End Date': '2026-06-30',
	},
	{ 'employee_id': '5003', first_name: 'Çağrı', last_name: 'Öztürk', email: 'cagri@example.com', status: 'Active' },
	{ 'Employee ID': '5004', 'Last Name': 'Solo', Email: 'solo@example.com', Status: 'Terminated' },
];

test('whitespace trimmed, BOM header read, email case kept but username lower-cased, manager by email', () => {
	const [{ user, issues }] = mapWith('csv', [rows[0]]);
	expect(issues).toEqual([]);
	expect(user).toMatchObject({
		userName: 'ana.lima@example.com',
		externalId: '5001',
		name: { givenName: 'Ana', familyName: 'Lima' },
		emails: [{ type: 'work', value: 'Ana.Lima@Example.COM' }],
		title: 'Rep',
		active: true,
		[ENTERPRISE]: { employeeNumber: '5001', department: 'Sales' },
	});
	expect(user._sfscim?.manager).toEqual({ email: 'boss@example.com' });
});

test.each([
	['no End Date cell: active', rows[0], true],
	['an End Date: inactive', rows[1], false],
	['Status Active (snake_case headers)', rows[2], true],
	['Status Terminated', rows[3], false],
])('%s', (_label, row, active) => {
	expect(mapWith('csv', [row])[0].user.active).toBe(active);
});

test('snake_case headers and non-ASCII names; a single-name row', () => {
	const [cagri, solo] = mapWith('csv', [rows[2], rows[3]]);
	expect(cagri.user.name).toEqual({ givenName: 'Çağrı', familyName: 'Öztürk' });
	expect(cagri.issues).toEqual([]);
	expect(solo.user.name).toEqual({ familyName: 'Solo' });
	expect(solo.issues).toEqual([]);
});
