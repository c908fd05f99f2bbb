/**
 * The demo's company, Aurora Logistics: who is in Salesforce today, and what the HR system says now. The two
 * sides differ on purpose, the way they do after a few weeks without a sync: people joined, left, were promoted,
 * moved department, came back; one HR row is unusable.
 */
import type { SeedData, SeedUser } from '../emulator';

export const DOMAIN = 'aurora-logistics.example';
export const INTEGRATION_USER = `integration@${DOMAIN}`;
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** One employee as both systems know them. `sf` is Salesforce today (absent: not a user yet). */
interface Person {
	id: string;
	first: string;
	last: string;
	/** Local part of the address; logins are ASCII even when names are not. */
	login: string;
	title: string;
	department: string;
	manager?: string;
	phone?: string;
	profile?: string;
	/** HR status; absent: the person is not in the HR export at all. */
	hr?: 'Active' | 'Terminated';
	/** Where HR now differs from Salesforce. */
	hrTitle?: string;
	hrDepartment?: string;
	sf?: { active: boolean; groups?: string[]; role?: string };
}

const SALES_SETS = ['Sales Cloud User'];
const SUPPORT_SETS = ['Service Console', 'Knowledge User'];

const sf = (groups: string[] = [], role?: string, active = true) => ({ active, groups, role });

/** The company. Employee IDs are the HR keys and Salesforce's external ID (Federation ID). */
export const PEOPLE: Person[] = [
	{ id: 'E100', first: 'Margit', last: 'Ødegaard', login: 'margit.odegaard', title: 'Chief Executive Officer', department: 'Executive', hr: 'Active', sf: sf(['EMEA'], 'CEO') },
	{ id: 'E110', first: 'Rafael', last: 'Domínguez', login: 'rafael.dominguez', title: 'VP Sales', department: 'Sales', manager: 'E100', phone: '+34 91 555 0110', hr: 'Active', sf: sf(['All Sales', 'EMEA'], 'VP Sales') },
	{ id: 'E111', first: 'Chloé', last: 'Lefèvre', login: 'chloe.lefevre', title: 'Account Executive', department: 'Sales', manager: 'E110', phone: '+33 1 55 50 01 11', hr: 'Active', sf: sf(['All Sales', 'EMEA'], 'Sales Rep') },
	{ id: 'E112', first: 'Tomasz', last: 'Kowalczyk', login: 'tomasz.kowalczyk', title: 'Account Executive', hrTitle: 'Senior Account Executive', department: 'Sales', manager: 'E110', hr: 'Active', sf: sf(['All Sales', 'EMEA'], 'Sales Rep') },
	{ id: 'E113', first: 'Aisha', last: 'Rahman', login: 'aisha.rahman', title: 'Sales Development Representative', department: 'Sales', manager: 'E110', hr: 'Active', sf: sf(['All Sales'], 'Sales Rep') },
	{ id: 'E114', first: 'Jonas', last: 'Weiß', login: 'jonas.weiss', title: 'Account Executive', department: 'Sales', manager: 'E110', phone: '+49 30 5550114', hr: 'Active', sf: sf(['All Sales', 'EMEA'], 'Sales Rep') },
	{ id: 'E115', first: 'Priya', last: 'Natarajan', login: 'priya.natarajan', title: 'Sales Engineer', department: 'Sales', manager: 'E110', hr: 'Active', sf: sf(['All Sales'], 'Sales Rep') },
	{ id: 'E116', first: 'Liam', last: "O'Connor", login: 'liam.oconnor', title: 'Sales Development Representative', department: 'Sales', manager: 'E110', hr: 'Terminated', sf: sf(['All Sales', 'EMEA'], 'Sales Rep') },
	{ id: 'E117', first: 'Mei Lin', last: 'Chen', login: 'meilin.chen', title: 'Account Manager', department: 'Sales', manager: 'E110', hr: 'Active', sf: sf(['All Sales'], 'Sales Rep') },
	{ id: 'E120', first: 'Björn', last: 'Sæther', login: 'bjorn.saether', title: 'Head of Customer Support', department: 'Customer Support', manager: 'E100', hr: 'Active', sf: sf(['Support Team', 'EMEA'], 'Support Manager') },
	{ id: 'E121', first: 'Fatima', last: 'Al-Sayed', login: 'fatima.alsayed', title: 'Support Agent', hrTitle: 'Support Team Lead', department: 'Customer Support', manager: 'E120', hr: 'Active', sf: sf(['Support Team'], 'Support Agent') },
	{ id: 'E122', first: 'Kenji', last: 'Watanabe', login: 'kenji.watanabe', title: 'Support Agent', department: 'Customer Support', manager: 'E120', hr: 'Active', sf: sf(['Support Team'], 'Support Agent') },
	{ id: 'E123', first: 'Ana Lúcia', last: 'Ferreira', login: 'analucia.ferreira', title: 'Support Agent', department: 'Customer Support', manager: 'E120', phone: '+351 21 555 0123', hr: 'Active', sf: sf(['Support Team', 'EMEA'], 'Support Agent') },
	{ id: 'E124', first: 'Grzegorz', last: 'Brzęczyszczykiewicz', login: 'grzegorz.brzeczyszczykiewicz', title: 'Support Agent', department: 'Customer Support', manager: 'E120', hr: 'Active', sf: sf(['Support Team', 'EMEA'], 'Support Agent') },
	{ id: 'E125', first: 'Noah', last: 'Fischer', login: 'noah.fischer', title: 'Support Agent', department: 'Customer Support', manager: 'E120', hr: 'Terminated', sf: sf(['Support Team'], 'Support Agent') },
	{ id: 'E126', first: 'Sofia', last: 'Rossi', login: 'sofia.rossi', title: 'Support Agent', department: 'Customer Support', manager: 'E120', hr: 'Active', sf: sf(['Support Team', 'EMEA'], 'Support Agent') },
	{ id: 'E130', first: 'Élodie', last: 'Marchand', login: 'elodie.marchand', title: 'Marketing Director', department: 'Marketing', manager: 'E100', profile: 'Marketing User', hr: 'Active', sf: sf(['Marketing', 'EMEA']) },
	{ id: 'E131', first: 'Hannah', last: 'Schmidt', login: 'hannah.schmidt', title: 'Marketing Manager', department: 'Marketing', manager: 'E130', profile: 'Marketing User', hr: 'Active', sf: sf(['Marketing']) },
	{ id: 'E132', first: 'Oluwaseun', last: 'Adeyemi', login: 'oluwaseun.adeyemi', title: 'Content Marketing Specialist', hrTitle: 'Sales Enablement Manager', department: 'Marketing', hrDepartment: 'Sales', manager: 'E130', profile: 'Marketing User', hr: 'Active', sf: sf(['Marketing']) },
	{ id: 'E133', first: 'Isabella', last: 'García', login: 'isabella.garcia', title: 'Marketing Specialist', department: 'Marketing', manager: 'E130', profile: 'Marketing User', hr: 'Active', sf: sf(['Marketing']) },
	{ id: 'E140', first: 'Sven', last: 'Lindqvist', login: 'sven.lindqvist', title: 'Chief Financial Officer', department: 'Finance', manager: 'E100', hr: 'Active', sf: sf(['EMEA']) },
	{ id: 'E141', first: 'Yuki', last: 'Tanaka', login: 'yuki.tanaka', title: 'Financial Analyst', department: 'Finance', manager: 'E140', hr: 'Active', sf: sf() },
	{ id: 'E142', first: 'David', last: 'Cohen', login: 'david.cohen', title: 'Revenue Operations Analyst', department: 'Finance', manager: 'E140', hr: 'Active', sf: sf() },
	{ id: 'E150', first: 'Ingrid', last: 'Johansen', login: 'ingrid.johansen', title: 'Chief Operating Officer', department: 'Operations', manager: 'E100', hr: 'Active', sf: sf(['EMEA']) },
	{ id: 'E151', first: 'Mateo', last: 'Álvarez', login: 'mateo.alvarez', title: 'Operations Manager', department: 'Operations', manager: 'E150', profile: 'Standard Platform User', hr: 'Active', sf: sf(['Operations']) },
	{ id: 'E152', first: 'Siobhán', last: 'Ní Bhriain', login: 'siobhan.nibhriain', title: 'Logistics Coordinator', department: 'Operations', manager: 'E151', profile: 'Standard Platform User', hr: 'Active', sf: sf(['Operations', 'EMEA']) },
	{ id: 'E153', first: 'Raj', last: 'Patel', login: 'raj.patel', title: 'Logistics Coordinator', department: 'Operations', manager: 'E151', profile: 'Standard Platform User', phone: '+44 20 7946 0153', hr: 'Active', sf: sf(['Operations', 'EMEA']) },
	// Left long ago: inactive in Salesforce, still in the export as terminated.
	{ id: 'E160', first: 'Klaus', last: 'Becker', login: 'klaus.becker', title: 'Account Executive', department: 'Sales', manager: 'E110', hr: 'Terminated', sf: sf([], 'Sales Rep', false) },
	// Left long ago and dropped from the export: inactive, and must stay untouched.
	{ id: 'E161', first: 'Emma', last: 'Wilson', login: 'emma.wilson', title: 'Support Agent', department: 'Customer Support', manager: 'E120', sf: sf([], 'Support Agent', false) },
	// Rehired: inactive in Salesforce, active again in HR.
	{ id: 'E162', first: 'Lucas', last: 'Martin', login: 'lucas.martin', title: 'Support Agent', department: 'Customer Support', manager: 'E120', hr: 'Active', sf: sf([], 'Support Agent', false) },
	// A contractor whose contract ended: gone from the export, still active in Salesforce.
	{ id: 'C042', first: 'Pat', last: 'Quinn', login: 'pat.quinn', title: 'Contract Sales Consultant', department: 'Sales', manager: 'E110', sf: sf(['All Sales']) },
	// Joiners: in HR, not yet in Salesforce.
	{ id: 'E180', first: 'Zoë', last: 'Ångström-Núñez', login: 'zoe.angstrom-nunez', title: 'Account Executive', department: 'Sales', manager: 'E110', phone: '+46 8 555 018 0', hr: 'Active' },
	{ id: 'E181', first: 'Łukasz', last: 'Wróblewski', login: 'lukasz.wroblewski', title: 'Support Agent', department: 'Customer Support', manager: 'E120', hr: 'Active' },
	{ id: 'E182', first: 'Thị Mai', last: 'Nguyễn', login: 'mai.nguyen', title: 'Financial Analyst', department: 'Finance', manager: 'E140', hr: 'Active' },
];

export const PERMISSION_SETS_BY_DEPARTMENT: Record<string, string[]> = { Sales: SALES_SETS, 'Customer Support': SUPPORT_SETS };

export function emailOf(person: Pick<Person, 'login'>): string {
	return `${person.login}@${DOMAIN}`;
}

/** Fixed Salesforce ids (15 characters; the emulator adds the checksum) so managers can be linked in the seed. */
function userIdOf(index: number): string {
	return `005Dn0000${String(index + 1).padStart(6, '0')}`;
}

/** Salesforce today: profiles, permission sets, roles, public groups and the users above that have `sf`. */
export function demoSeed(): SeedData {
	const idOf = new Map(PEOPLE.map((p, i) => [p.id, userIdOf(i)]));
	const users: SeedUser[] = [
		{
			userName: INTEGRATION_USER,
			id: userIdOf(99),
			givenName: 'SCIM',
			familyName: 'Integration',
			email: INTEGRATION_USER,
			profile: 'System Administrator',
			permissionSets: ['API Enabled'],
		},
	];
	const groups = new Map<string, string[]>([['All Sales', []], ['Support Team', []], ['Marketing', []], ['Operations', []], ['EMEA', []]]);
	// Managers before their reports: a seeded manager reference must point at an existing user.
	const ordered = [...PEOPLE].sort((a, b) => depth(a) - depth(b));
	for (const person of ordered) {
		if (!person.sf) continue;
		const enterprise: Record<string, unknown> = { employeeNumber: person.id, department: person.department };
		if (person.manager) enterprise.manager = { value: idOf.get(person.manager) };
		users.push({
			userName: emailOf(person),
			id: idOf.get(person.id),
			externalId: person.id,
			name: { givenName: person.first, familyName: person.last },
			email: emailOf(person),
			title: person.title,
			...(person.phone ? { phoneNumbers: [{ value: person.phone, type: 'work' }] } : {}),
			profile: person.profile ?? 'Standard User',
			permissionSets: PERMISSION_SETS_BY_DEPARTMENT[person.department] ?? [],
			...(person.sf.role ? { role: person.sf.role } : {}),
			active: person.sf.active,
			schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
			[ENTERPRISE]: enterprise,
		});
		for (const group of person.sf.groups ?? []) groups.get(group)!.push(emailOf(person));
	}
	return {
		profiles: [
			{ name: 'System Administrator' },
			{ name: 'Standard User' },
			{ name: 'Marketing User' },
			{ name: 'Read Only' },
			{ name: 'Standard Platform User', license: 'Salesforce Platform' },
			{ name: 'Chatter Free User', license: 'Chatter Free' },
		],
		permissionSets: [
			{ name: 'API_Enabled', label: 'API Enabled' },
			{ name: 'Sales_Cloud_User', label: 'Sales Cloud User' },
			{ name: 'Service_Console', label: 'Service Console' },
			{ name: 'Knowledge_User', label: 'Knowledge User' },
			{ name: 'Reports_Manager', label: 'Reports Manager' },
		],
		roles: [
			{ name: 'CEO' },
			{ name: 'VP Sales', parentId: 'CEO' },
			{ name: 'Sales Rep', parentId: 'VP Sales' },
			{ name: 'Support Manager', parentId: 'CEO' },
			{ name: 'Support Agent', parentId: 'Support Manager' },
		],
		users,
		groups: [...groups].map(([name, members]) => ({ name, members })),
		takenUsernames: [`jane.doe@${DOMAIN}`],
	};
}

function depth(person: Person): number {
	let n = 0;
	for (let p: Person | undefined = person; p?.manager; p = PEOPLE.find((q) => q.id === p!.manager)) n++;
	return n;
}

/**
 * The HR export as n8n's Extract from File reads the CSV: strings only, a byte-order mark on the first column,
 * stray spaces, mixed-case addresses, empty cells left out. The last row has no email: it cannot be provisioned.
 */
export function hrExport(): Array<Record<string, string>> {
	const rows: Array<Record<string, string>> = [];
	for (const [i, p] of PEOPLE.entries()) {
		if (!p.hr) continue;
		const manager = PEOPLE.find((q) => q.id === p.manager);
		const row: Record<string, string> = {
			'\uFEFFEmployee ID': p.id,
			'First Name': p.first,
			'Last Name': p.last,
			// Every fifth address typed with capitals, as people do; usernames are compared lowercased.
			Email: i % 5 === 2 ? emailOf(p).replace(/^./, (c) => c.toUpperCase()) : emailOf(p),
			'Job Title': p.hrTitle ?? p.title,
			Department: i % 7 === 3 ? `${p.hrDepartment ?? p.department} ` : (p.hrDepartment ?? p.department),
			Status: p.hr,
		};
		if (p.phone) row.Phone = p.phone;
		if (manager) row['Manager Email'] = emailOf(manager);
		rows.push(row);
	}
	rows.push({ '\uFEFFEmployee ID': 'E183', 'First Name': 'Devon', 'Last Name': 'Blake', 'Job Title': 'Warehouse Contractor', Department: 'Operations', Status: 'Active', 'Manager Email': emailOf({ login: 'mateo.alvarez' }) });
	return rows;
}
