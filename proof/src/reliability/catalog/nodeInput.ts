/** Bad-input catalog, node input: the records real directories and HR exports hold, and mistakes in the node’s settings. */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../workflow';
import { byId, byName, counter, createFields, createResource, expectTrue, fast, getAll, INJECTION, lastFilterTo, messageOf, nodeCase, person, sentBody, serverCase, singleEq, syncParams, TEN_MB, upsertResource, userOf, USERS, type CatalogCase } from './case';

export const NODE_INPUT_CASES: CatalogCase[] = [
	{
		id: 'N01', area: 'node input', topic: 'non-email username', title: 'Create: username "jane.doe"', expect: 'Invalid user: userName: userName "jane.doe" is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('jane.doe')] }),
	},
	{
		id: 'N02', area: 'node input', topic: 'non-email username', title: 'Create: username with a space', expect: 'Invalid user: userName: userName "jane doe@example.com" is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('jane doe@example.com')] }),
	},
	{
		id: 'N03', area: 'node input', topic: 'non-email username', title: 'Create or Update: username without a dot in the domain', expect: 'Invalid user: userName: userName "jane@localhost" is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed', sends: 'nothing',
		run: nodeCase(upsertResource(), { items: [person('jane@localhost')] }),
	},
	{
		id: 'N04', area: 'node input', topic: 'non-email username', title: 'Sync: a row with a non-email username is reported, the rest goes on', expect: 'Invalid user: userName: userName "jane.doe" is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed; emails[0].value: "jane.doe" is not an email address: fix the source value or leave this email out; the user was skipped (and is not deactivated)', sends: 'noWrite',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			items: [person('jane.doe'), person('new.person@example.com')],
			message: (run) => String(run.out.find((o) => o.action === 'skip')?.message ?? messageOf(run)),
		}),
	},
	{
		id: 'N05', area: 'node input', topic: 'missing required field', title: 'Create: no last name', expect: 'Invalid user: name.familyName: name.familyName (Last Name) is required by Salesforce: map a family name, or a placeholder for single-name people', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('no.family@example.com', { name: { givenName: 'Only' } })] }),
	},
	{
		id: 'N06', area: 'node input', topic: 'missing required field', title: 'Create: no email', expect: 'Invalid user: emails: At least one email is required on create: add emails[{value, type: "work", primary: true}]', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('no.email@example.com', { emails: [] })] }),
	},
	{
		id: 'N07', area: 'node input', topic: 'missing required field', title: 'Create: no profile', expect: 'Invalid user: entitlements: A profile is required on create: add an entitlement {value: "00e…", type: "Profile"} (list them with the Entitlements resource)', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('no.profile@example.com', { entitlements: [] })] }),
	},
	{
		id: 'N08', area: 'node input', topic: 'missing required field', title: 'Create: no username', expect: 'Invalid user: userName: userName is required: set it to an email-shaped, globally unique username (e.g. jane.doe@example.com)', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('', {})] }),
	},
	{
		id: 'N09', area: 'node input', topic: 'missing required field', title: 'Create or Update: no match and no profile', expect: 'Cannot create the user: entitlements: A profile is required on create: add an entitlement {value: "00e…", type: "Profile"} (list them with the Entitlements resource)', sends: 'noWrite',
		run: nodeCase(upsertResource(), { items: [person('new.noprofile@example.com', { entitlements: [] })] }),
	},
	{
		id: 'N10', area: 'node input', topic: 'missing required field', title: 'Create or Update by external ID: the item has none', expect: 'The user has no externalId to match by', sends: 'nothing',
		run: nodeCase(upsertResource('externalId'), { items: [person('has.no.extid@example.com')] }),
	},
	{
		id: 'N11', area: 'node input', topic: 'missing required field', title: 'From Input Item: an item that is not a SCIM user', expect: 'The input item is not a SCIM user', sends: 'nothing',
		run: nodeCase(createResource(), { items: [{ first: 'Jane', last: 'Doe' }] }),
	},
	{
		id: 'N12', area: 'node input', topic: 'over-long value', title: 'Create: alias of 9 characters', expect: 'Invalid user: alias: alias is 9 characters; Salesforce allows at most 8: leave it out to derive one from the name, or shorten it', sends: 'nothing',
		run: nodeCase(createFields('long.alias@example.com', { alias: 'abcdefghi' })),
	},
	{
		id: 'N13', area: 'node input', topic: 'over-long value', title: 'Create: nickname of 41 characters', expect: 'Invalid user: nickName: nickName is 41 characters; Salesforce allows at most 40: leave it out to let Salesforce default it, or shorten it', sends: 'nothing',
		run: nodeCase(createFields('long.nick@example.com', { nickName: 'n'.repeat(41) })),
	},
	{
		id: 'N14', area: 'node input', topic: 'over-long value', title: 'Update: alias of 9 characters', expect: 'Invalid user: alias: alias is 9 characters; Salesforce allows at most 8: leave it out to derive one from the name, or shorten it', sends: 'nothing',
		run: nodeCase({ resource: 'user', operation: 'update', user: { __rl: true, mode: 'userName', value: 'jane.doe@sfscim-emulator.example' }, additionalFields: { alias: 'abcdefghi' }, options: fast }),
	},
	{
		id: 'N15', area: 'node input', topic: 'over-long value', title: 'Create: username of 81 characters', expect: 'Invalid user: userName: userName is 81 characters; Salesforce allows at most 80: use a shorter address', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person(`${'u'.repeat(69)}@example.com`)] }),
	},
	{
		id: 'N16', area: 'node input', topic: '10 MB value', title: 'Create: a 10 MB title', expect: 'Invalid user: title: title is 10485760 characters; Salesforce allows at most 80: shorten it', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('big.title@example.com', { title: TEN_MB })] }),
	},
	{
		id: 'N17', area: 'node input', topic: '10 MB value', title: 'Create or Update: a 10 MB attribute that is not a known field', expect: 'Invalid user: profileUrl: profileUrl is 10485760 characters; Salesforce text fields hold at most 255', sends: 'nothing',
		run: nodeCase(upsertResource(), { items: [person('big.attr@example.com', { nickName: 'big', profileUrl: TEN_MB })] }),
	},
	{
		id: 'N18', area: 'node input', topic: '10 MB value', title: 'Sync: a row with a 10 MB name is reported, not sent', expect: 'Invalid user: name.familyName: name.familyName is 10485760 characters; Salesforce allows at most 80: shorten it; the user was skipped (and is not deactivated)', sends: 'noWrite',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			items: [person('big.name@example.com', { name: { givenName: 'Big', familyName: TEN_MB } }), person('small.name@example.com')],
			message: (run) => String(run.out.find((o) => o.action === 'skip')?.message ?? messageOf(run)),
		}),
	},
	{
		id: 'N19', area: 'node input', topic: 'null byte', title: 'Create: a NUL byte in the last name', expect: 'Invalid user: name.familyName: name.familyName contains a control character (NUL, tab, newline…): remove it from the source value', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('nul.byte@example.com', { name: { givenName: 'Nul', familyName: 'By\u0000te' } })] }),
	},
	{
		id: 'N20', area: 'node input', topic: 'null byte', title: 'Create or Update: a NUL byte in the username', expect: 'Invalid user: userName: userName contains a control character (NUL, tab, newline…): remove it from the source value', sends: 'nothing',
		run: nodeCase(upsertResource(), { items: [person('nul\u0000byte@example.com')] }),
	},
	{
		id: 'N21', area: 'node input', topic: 'control character', title: 'Create: a newline in the title', expect: 'Invalid user: title: title contains a control character (NUL, tab, newline…): remove it from the source value', sends: 'nothing',
		run: nodeCase(createFields('newline.title@example.com', { title: 'Head of\nSales' })),
	},
	{
		id: 'N22', area: 'node input', topic: 'non-ASCII name', title: 'Create: Zoë Ångström-Núñez is kept as written; the alias is ASCII', expect: 'created zoe.angstrom@example.com, name Zoë Ångström-Núñez, alias zangs', sends: 'any',
		run: nodeCase(createFields('zoe.angstrom@example.com', { givenName: 'Zoë', familyName: 'Ångström-Núñez' }), {
			message: (run, ctx) => {
				const user = userOf(ctx.emulator, 'zoe.angstrom@example.com');
				const name = user?.name as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))} ${String(user?.userName)}, name ${String(name?.givenName)} ${String(name?.familyName)}, alias ${String(user?.alias)}`;
			},
		}),
	},
	{
		id: 'N23', area: 'node input', topic: 'right-to-left name', title: 'Create: a Hebrew and an Arabic name are kept byte for byte', expect: 'created: דנה / عبد الله', sends: 'any',
		run: nodeCase(createResource(), {
			items: [person('dana.abdullah@example.com', { name: { givenName: 'דנה', familyName: 'عبد الله' } })],
			message: (run, ctx) => {
				const name = userOf(ctx.emulator, 'dana.abdullah@example.com')?.name as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))}: ${String(name?.givenName)} / ${String(name?.familyName)}`;
			},
		}),
	},
	{
		id: 'N24', area: 'node input', topic: 'right-to-left name', title: 'Create: Arabic with vowel marks and a Latin name with an apostrophe are kept byte for byte', expect: 'created: مُحَمَّد / Müller-O’Brien', sends: 'any',
		run: nodeCase(createResource(), {
			items: [person('mixed.script@example.com', { name: { givenName: 'مُحَمَّد', familyName: 'Müller-O’Brien' } })],
			message: (run, ctx) => {
				const name = userOf(ctx.emulator, 'mixed.script@example.com')?.name as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))}: ${String(name?.givenName)} / ${String(name?.familyName)}`;
			},
		}),
	},
	{
		id: 'N25', area: 'node input', topic: 'emoji', title: 'Create: emoji in the first and last name are kept', expect: 'created: Sam 🚀 / Rivera 🌮', sends: 'any',
		run: nodeCase(createResource(), {
			items: [person('sam.rivera@example.com', { name: { givenName: 'Sam 🚀', familyName: 'Rivera 🌮' } })],
			message: (run, ctx) => {
				const name = userOf(ctx.emulator, 'sam.rivera@example.com')?.name as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))}: ${String(name?.givenName)} / ${String(name?.familyName)}`;
			},
		}),
	},
	{
		id: 'N26', area: 'node input', topic: 'case', title: 'Create or Update: a MIXED-case username is stored lowercased and found again whatever its case', expect: 'created mixed.case@example.com, then unchanged', sends: 'any',
		run: async (ctx) => {
			const count = counter(ctx);
			const first = await runNode(ctx.emulator, ctx.canaries, upsertResource(), { items: [person('Mixed.Case@Example.COM')] });
			const again = await runNode(ctx.emulator, ctx.canaries, upsertResource(), { items: [person('MIXED.case@example.com')] });
			const users = [...ctx.emulator.state.users.values()].filter((u) => String(u.attrs.userName).toLowerCase() === 'mixed.case@example.com');
			return {
				message: `${String(first.out[0]?.action ?? messageOf(first))} ${String(users[0]?.attrs.userName)}, then ${String(again.out[0]?.action ?? messageOf(again))}`,
				requests: count(),
				problems: expectTrue(users.length === 1, `${users.length} users`),
			};
		},
	},
	{
		id: 'N27', area: 'node input', topic: 'string booleans', title: 'Create: "primary": "true" (a string) is sent as the boolean true', expect: 'created, primary sent as true (boolean)', sends: 'any',
		run: async (ctx) => {
			const outcome = await serverCase(() => undefined, createResource(), {
				items: [person('string.primary@example.com', { emails: [{ value: 'string.primary@example.com', type: 'work', primary: 'true' }] })],
				message: (run, c) => {
					const email = ((sentBody(c.front, 'POST', USERS)?.emails as IDataObject[] | undefined) ?? [])[0];
					return `${String(run.out[0]?.action ?? messageOf(run))}, primary sent as ${String(email?.primary)} (${typeof email?.primary})`;
				},
			})(ctx);
			return outcome;
		},
	},
	{
		id: 'N28', area: 'node input', topic: 'string booleans', title: 'Create or Update: "active": "False" (a string) deactivates, sent as the boolean false', expect: 'updated, active sent as false (boolean), now false', sends: 'any',
		run: serverCase(() => undefined, upsertResource(), {
			items: [{ userName: 'jane.doe@sfscim-emulator.example', active: 'False' }],
			message: (run, ctx) => {
				const operations = (sentBody(ctx.front, 'PATCH', USERS)?.Operations as IDataObject[] | undefined) ?? [];
				const sent = operations.map((op) => (op.path === 'active' ? op.value : (op.value as IDataObject | undefined)?.active)).find((v) => v !== undefined);
				return `${String(run.out[0]?.action ?? messageOf(run))}, active sent as ${String(sent)} (${typeof sent}), now ${String(userOf(ctx.emulator, 'jane.doe@sfscim-emulator.example')?.active)}`;
			},
		}),
	},
	{
		id: 'N29', area: 'node input', topic: 'string booleans', title: 'Create: "active": "yes" is not a boolean', expect: 'Invalid user: active: active "yes" is not true or false: map a boolean (or the text "true" / "false")', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('yes.active@example.com', { active: 'yes' })] }),
	},
	{
		id: 'N56', area: 'node input', topic: 'string booleans', title: 'Sync: a row with "active": 1 is reported, not sent, and not taken for a leaver', expect: 'Invalid user: active: active 1 is not true or false: map a boolean (or the text "true" / "false"); the user was skipped (and is not deactivated)', sends: 'noWrite',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			items: [person('jane.doe@sfscim-emulator.example', { active: 1 }), person('new.person@example.com')],
			message: (run) => String(run.out.find((o) => o.action === 'skip')?.message ?? messageOf(run)),
			check: (run) => expectTrue(!run.out.some((o) => o.action === 'deactivate' && o.userName === 'jane.doe@sfscim-emulator.example'), 'the skipped user is planned for deactivation'),
		}),
	},
	{
		id: 'N30', area: 'node input', topic: 'numbers as strings', title: 'Create: employee number "000123" keeps its zeros', expect: 'created, employeeNumber "000123"', sends: 'any',
		run: nodeCase(createFields('zeros@example.com', { employeeNumber: '000123' }), {
			message: (run, ctx) => {
				const ext = userOf(ctx.emulator, 'zeros@example.com')?.['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))}, employeeNumber ${JSON.stringify(ext?.employeeNumber)}`;
			},
		}),
	},
	{
		id: 'N31', area: 'node input', topic: 'numbers as strings', title: 'Create: a number where text belongs (title: 42)', expect: 'created, title "42"', sends: 'any',
		run: nodeCase(createResource(), {
			items: [person('number.title@example.com', { title: 42 })],
			message: (run, ctx) => `${String(run.out[0]?.action ?? messageOf(run))}, title ${JSON.stringify(userOf(ctx.emulator, 'number.title@example.com')?.title)}`,
		}),
	},
	{
		id: 'N32', area: 'node input', topic: 'duplicate rows', title: 'Create or Update: the same person twice in one input makes one user', expect: 'created, unchanged; 1 user', sends: 'any',
		run: nodeCase(upsertResource(), {
			items: [person('twice@example.com', { title: 'A' }), person('twice@example.com', { title: 'A' })],
			continueOnFail: true,
			message: (run, ctx) => `${run.out.map((o) => String(o.action ?? o.error)).join(', ')}; ${[...ctx.emulator.state.users.values()].filter((u) => String(u.attrs.userName) === 'twice@example.com').length} user`,
		}),
	},
	{
		id: 'N33', area: 'node input', topic: 'duplicate rows', title: 'Sync: the same username twice is one action, the duplicate reported', expect: 'The username "dup.row@example.com" is also given by input item 0; only that one is synced', sends: 'any',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			items: [person('dup.row@example.com'), person('DUP.ROW@example.com')],
			message: (run) => String(run.out.find((o) => o.action === 'skip')?.message ?? messageOf(run)),
		}),
	},
	{
		id: 'N34', area: 'node input', topic: 'multi-valued limits', title: 'Create: two phone numbers', expect: 'Invalid user: phoneNumbers: Salesforce\'s SCIM API takes one phone number per user, 2 were given: keep the work or primary one', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('two.phones@example.com', { phoneNumbers: [{ value: '+1 555 0100', type: 'work' }, { value: '+1 555 0101', type: 'mobile' }] })] }),
	},
	{
		id: 'N35', area: 'node input', topic: 'multi-valued limits', title: 'Create: two profiles', expect: 'Invalid user: entitlements: A user has exactly one profile, but 2 profile entitlements were given: keep one', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('two.profiles@example.com', { entitlements: [{ value: '00e000000000001AAA', type: 'Profile' }, { value: '00e000000000002AAA', type: 'Profile' }] })] }),
	},
	{
		id: 'N36', area: 'node input', topic: 'Salesforce field names', title: 'Create: ContactId sent as a SCIM attribute', expect: 'Invalid user: ContactId: \'ContactId\' is a Salesforce field name, not a SCIM attribute, and would be rejected or ignored: use nothing: portal contacts are not provisioned over SCIM', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('contact.id@example.com', { ContactId: '003000000000001' })] }),
	},
	{
		id: 'N37', area: 'node input', topic: 'invalid email', title: 'Create: an email that is not an address', expect: 'Invalid user: emails[0].value: "n/a" is not an email address: fix the source value or leave this email out', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('bad.email@example.com', { emails: [{ value: 'n/a', type: 'work' }] })] }),
	},
	{
		id: 'N38', area: 'node input', topic: 'empty sync input', title: 'Sync: no input item at all', expect: 'the node did not run (no input item)', sends: 'nothing',
		run: nodeCase(syncParams({ confirmMassDeactivation: true }), { items: [] }),
	},
	{
		id: 'N39', area: 'node input', topic: 'empty sync input', title: 'Sync: only empty items (a trigger with no data)', expect: 'Refusing to sync an empty input: it would mean every managed Salesforce user has left. Nothing was written.', sends: 'nothing',
		run: nodeCase(syncParams({ confirmMassDeactivation: true }), { items: [{}, {}, {}] }),
	},
	{
		id: 'N40', area: 'node input', topic: 'truncated sync input', title: 'Sync: a directory cut to 2 of its users stops before any write', expect: 'Refusing to deactivate 29 of 32 managed active Salesforce users (90.6%): the threshold allows at most 20% of them. Nothing was written.', sends: 'noWrite',
		run: nodeCase(syncParams(), {
			before: (ctx) => ctx.emulator.state.generateUsers(30, { domain: 'cut.example', start: 1 }),
			items: [person('user000001@cut.example'), person('user000002@cut.example')],
		}),
	},
	{
		id: 'N41', area: 'node input', topic: 'truncated sync input', title: 'Sync: every row unreadable (the export’s columns changed) never means “deactivate everyone”', expect: 'Refusing to sync: none of the 30 input items has a usable userName, so every managed Salesforce user would look like a leaver. Nothing was read or written.', sends: 'nothing',
		run: nodeCase(syncParams({ confirmMassDeactivation: true }), {
			before: (ctx) => ctx.emulator.state.generateUsers(30, { domain: 'cut.example', start: 1 }),
			items: Array.from({ length: 30 }, (_, i) => ({ name: { givenName: 'Row', familyName: String(i) }, emails: [{ value: `row${i}@cut.example` }] })),
		}),
	},
	{
		id: 'N42', area: 'node input', topic: 'truncated sync input', title: 'Sync dry run of a truncated input: the plan comes with the refusal', expect: 'Refusing to deactivate 30 of 32 managed active Salesforce users (93.8%): the threshold allows at most 20% of them. Nothing was written.', sends: 'noWrite',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			before: (ctx) => ctx.emulator.state.generateUsers(30, { domain: 'cut.example', start: 1 }),
			items: [person('user000001@cut.example')],
			message: (run) => String(run.out.find((o) => o.action === 'summary')?.refused ?? messageOf(run)),
		}),
	},
	{
		id: 'N43', area: 'node input', topic: 'invalid filter', title: 'Get Many: a raw filter with an unclosed quote', expect: 'The SCIM filter is not valid: Invalid filter at position 13: expected a closing \'"\' for the string, found \'"jane\'', sends: 'nothing',
		run: nodeCase(getAll({ raw: 'userName eq "jane' })),
	},
	{
		id: 'N44', area: 'node input', topic: 'invalid filter', title: 'Get Many: an unknown operator', expect: 'The SCIM filter is not valid: Invalid filter at position 10: expected an operator after \'userName\' (eq, ne, co, sw, ew, gt, lt, ge, le or pr), found \'like "jane%"\'', sends: 'nothing',
		run: nodeCase(getAll({ raw: 'userName like "jane%"' })),
	},
	{
		id: 'N45', area: 'node input', topic: 'invalid filter', title: 'Sync: a scope filter that does not parse', expect: 'The scope filter is not valid: Invalid filter at position 13: expected a value: a "quoted string", a number, true, false or null, found \'@example.com\'', sends: 'nothing',
		run: nodeCase(syncParams({}, { scope: 'filter', scopeFilter: 'userName ew @example.com' }), { items: [person('scope.bad@example.com')] }),
	},
	{
		id: 'N46', area: 'node input', topic: 'invalid path', title: 'Create: a custom attribute path with an unclosed filter', expect: 'Custom attribute 1: "emails[type eq "work".value" is not a valid SCIM attribute path (Invalid path \'emails[type eq "work".value\': expected \']\' to close the \'[\' at position 7)', sends: 'nothing',
		run: nodeCase(createFields('bad.path@example.com', { customAttributes: { attribute: [{ path: 'emails[type eq "work".value', value: 'x' }] } })),
	},
	{
		id: 'N47', area: 'node input', topic: 'invalid path', title: 'Create: a custom attribute path that is not an attribute name', expect: 'Custom attribute 1: "name..givenName" is not a valid SCIM attribute path (Invalid path \'name..givenName\': \'name..givenName\' has more than one sub-attribute (SCIM attributes nest at most two levels))', sends: 'nothing',
		run: nodeCase(createFields('bad.path2@example.com', { customAttributes: { attribute: [{ path: 'name..givenName', value: 'x' }] } })),
	},
	{
		id: 'N48', area: 'node input', topic: 'filter injection', title: 'Get Many: a username filter value that tries to widen the filter is sent as one eq', expect: 'no users', sends: 'any',
		run: nodeCase(getAll({ userName: INJECTION }), {
			message: (run) => (run.result.error ? run.result.error.message : run.out.length === 0 ? 'no users' : `${run.out.length} users`),
			check: (_run, ctx) => singleEq(lastFilterTo(ctx.emulator, USERS), 'userName', INJECTION),
		}),
	},
	{
		id: 'N49', area: 'node input', topic: 'filter injection', title: 'Create or Update by external ID: an injected value is sent as one eq and matches nobody', expect: 'created', sends: 'any',
		run: nodeCase(upsertResource('externalId'), {
			items: [person('injected.extid@example.com', { externalId: INJECTION })],
			message: (run) => String(run.out[0]?.action ?? messageOf(run)),
			check: (_run, ctx) => singleEq(lastFilterTo(ctx.emulator, USERS), 'externalId', INJECTION),
		}),
	},
	{
		id: 'N50', area: 'node input', topic: 'filter injection', title: 'Get Many: an injected external ID with a backslash', expect: 'no users', sends: 'any',
		run: nodeCase(getAll({ externalId: 'a\\" or id pr or x eq \\"' }), {
			message: (run) => (run.result.error ? run.result.error.message : run.out.length === 0 ? 'no users' : `${run.out.length} users`),
			check: (_run, ctx) => singleEq(lastFilterTo(ctx.emulator, USERS), 'externalId', 'a\\" or id pr or x eq \\"'),
		}),
	},
	{
		id: 'N51', area: 'node input', topic: 'filter injection', title: 'Get: a username injection in the locator is refused', expect: 'The \'Salesforce SCIM\' node has issues:\n- Not an email-shaped username', sends: 'nothing',
		run: nodeCase({ resource: 'user', operation: 'get', user: { __rl: true, mode: 'userName', value: INJECTION }, options: fast }),
	},
	{
		id: 'N52', area: 'node input', topic: 'blank value', title: 'Get: an ID of spaces', expect: 'No user given. Pick a user from the list, or enter an ID or a username', sends: 'nothing',
		run: nodeCase({ resource: 'user', operation: 'get', user: byId('   '), options: fast }),
	},
	{
		id: 'N53', area: 'node input', topic: 'blank value', title: 'Group: Create with a name of spaces', expect: 'The group needs a name', sends: 'nothing',
		run: nodeCase({ resource: 'group', operation: 'create', displayName: '   ', options: {} }),
	},
	{
		id: 'N54', area: 'node input', topic: 'blank value', title: 'Group: Remove Members with no member (it would empty the group)', expect: 'No members given. Enter the user IDs or usernames to remove; nothing was changed', sends: 'nothing',
		run: nodeCase({ resource: 'group', operation: 'removeMembers', group: byName('All Sales'), members: ' , ', options: {} }),
	},
	{
		id: 'N55', area: 'node input', topic: 'unknown reference', title: 'Create: an unknown profile name (nothing created)', expect: 'No profile named "Standard Usr" in this org. Closest: "Standard User". Pick it from the list or check the spelling', sends: 'noWrite',
		run: nodeCase(createFields('unknown.profile@example.com', { profile: byName('Standard Usr') })),
	},
];
