import { CORE, ENTERPRISE, mapWith } from './helpers';

// Microsoft Graph GET /users?$expand=manager — one element of `value` per record, as Graph returns them.
const ada = {
	id: '6e7b768e-07e2-4810-8459-485f84f8f204',
	userPrincipalName: 'Ada.Lovelace@contoso.com',
	displayName: 'Ada Lovelace',
	givenName: 'Ada',
	surname: 'Lovelace',
	mail: 'Ada.Lovelace@contoso.com',
	proxyAddresses: ['SMTP:Ada.Lovelace@contoso.com', 'smtp:ada@contoso.onmicrosoft.com'],
	businessPhones: ['+44 20 7946 0000'],
	mobilePhone: '+44 7700 900123',
	jobTitle: 'Analyst',
	department: 'Research',
	companyName: 'Contoso Ltd',
	employeeId: '1001',
	employeeOrgData: { costCenter: 'CC-42', division: 'Engines' },
	preferredLanguage: 'en-GB',
	accountEnabled: true,
	city: 'London',
	country: 'United Kingdom',
	manager: {
		'@odata.type': '#microsoft.graph.user',
		id: '0a1b2c3d-0000-4000-8000-000000000001',
		displayName: 'Charles Babbage',
		mail: 'Charles.Babbage@contoso.com',
		userPrincipalName: 'charles.babbage@contoso.com',
	},
};
// `mail` null (no Exchange licence), no given name, no surname: a single-name person.
const prince = {
	id: 'a2f0c9a4-1111-4b6a-9c1e-3a3c0c1d2e3f',
	userPrincipalName: 'prince@contoso.com',
	displayName: 'Prince',
	givenName: null,
	surname: null,
	mail: null,
	proxyAddresses: [],
	businessPhones: [],
	mobilePhone: null,
	jobTitle: null,
	department: null,
	accountEnabled: true,
};
// Non-ASCII name, ASCII login; a leaver.
const zoe = {
	id: 'c0ffee00-2222-4c3d-8e9f-0123456789ab',
	userPrincipalName: 'zoe.angstrom-nunez@contoso.com',
	displayName: 'Zoë Ångström-Núñez',
	givenName: 'Zoë',
	surname: 'Ångström-Núñez',
	mail: 'Zoë.Ångström@contoso.com',
	businessPhones: [],
	mobilePhone: '+34 600 000 000',
	accountEnabled: false,
	employeeLeaveDateTime: '2026-10-31T17:00:00Z',
};
// Mail null, but Exchange proxy addresses: the primary SMTP one is the email.
const proxyOnly = {
	id: 'b1b1b1b1-3333-4444-5555-666666666666',
	userPrincipalName: 'k.tanaka@contoso.onmicrosoft.com',
	displayName: 'Kenji Tanaka',
	givenName: 'Kenji',
	surname: 'Tanaka',
	mail: null,
	proxyAddresses: ['smtp:kenji@contoso.onmicrosoft.com', 'SMTP:Kenji.Tanaka@contoso.com'],
	businessPhones: [],
	accountEnabled: true,
};

test('a full Graph user: names, email, phone, enterprise attributes, manager for a second pass', () => {
	const [{ user, issues }] = mapWith('entra', [ada]);
	expect(issues).toEqual([]);
	expect(user).toMatchObject({
		schemas: [CORE, ENTERPRISE],
		userName: 'ada.lovelace@contoso.com',
		externalId: ada.id,
		name: { givenName: 'Ada', familyName: 'Lovelace' },
		displayName: 'Ada Lovelace',
		emails: [{ type: 'work', value: 'Ada.Lovelace@contoso.com' }],
		phoneNumbers: [{ type: 'work', value: '+44 20 7946 0000' }],
		title: 'Analyst',
		active: true,
		preferredLanguage: 'en_GB',
		addresses: [{ type: 'work', locality: 'London', country: 'United Kingdom' }],
		[ENTERPRISE]: { employeeNumber: '1001', department: 'Research', organization: 'Contoso Ltd', costCenter: 'CC-42', division: 'Engines' },
		entitlements: [{ display: 'Standard User', type: 'Profile', primary: true }],
	});
	expect(user._sfscim?.manager).toEqual({ email: 'Charles.Babbage@contoso.com', externalId: ada.manager.id });
	expect(user._sfscim?.createOnly).toEqual(expect.arrayContaining(['preferredLanguage', 'entitlements[type eq "Profile"]']));
});

test('mail null and no names: email from the UPN, the display name as last name, nothing blank written', () => {
	const [{ user, issues }] = mapWith('entra', [prince]);
	expect(issues).toEqual([]);
	expect(user.emails).toEqual([{ type: 'work', value: 'prince@contoso.com' }]);
	expect(user.name).toEqual({ familyName: 'Prince' });
	for (const absent of ['title', 'phoneNumbers', 'addresses', ENTERPRISE]) expect(user).not.toHaveProperty([absent]);
	expect(user.schemas).toEqual([CORE]);
	expect(user._sfscim?.manager).toBeUndefined();
});

test('a non-ASCII leaver: inactive, names kept, one phone (the mobile, typed mobile)', () => {
	const [{ user }] = mapWith('entra', [zoe]);
	expect(user.active).toBe(false);
	expect(user.userName).toBe('zoe.angstrom-nunez@contoso.com');
	expect(user.name).toEqual({ givenName: 'Zoë', familyName: 'Ångström-Núñez' });
	expect(user.phoneNumbers).toEqual([{ type: 'mobile', value: '+34 600 000 000' }]);
});

test('mail null with proxy addresses: the primary SMTP address (upper-case prefix) is the email', () => {
	const [{ user }] = mapWith('entra', [proxyOnly]);
	expect(user.emails).toEqual([{ type: 'work', value: 'Kenji.Tanaka@contoso.com' }]);
});
