/** 100,000 users held in memory, found by index through raw HTTP (not a timing test: the bench measures speed). */
import { useEmulator } from '../support/emulator';
import { admin, scim } from './helpers';

const emu = useEmulator({ licenses: 200_000, apiLimit: 10_000_000 });

test('seed 100k users and look them up by userName, externalId and id; page through the end', async () => {
	const seeded = await admin(emu, 'POST', '/seed', { generateUsers: 100_000, domain: 'scale.example' });
	expect(seeded.status).toBe(200);
	expect(seeded.json.users).toBe(100_002);
	const c = scim(emu);
	const q = (f: string) => c.get(`/Users?filter=${encodeURIComponent(f)}`);
	for (const n of ['000001', '050000', '100000']) {
		const byName = await q(`userName eq "USER${n}@SCALE.EXAMPLE"`);
		expect(byName.json.totalResults).toBe(1);
		const u = byName.json.Resources[0];
		expect(u.userName).toBe(`user${n}@scale.example`);
		expect((await q(`externalId eq "USER${n}"`)).json.Resources[0].id).toBe(u.id);
		expect((await q(`id eq "${u.id}"`)).json.Resources[0].userName).toBe(u.userName);
		expect((await c.get(`/Users/${u.id}`)).status).toBe(200);
	}
	expect((await q('userName eq "user100001@scale.example"')).json.totalResults).toBe(0);
	const last = await c.get('/Users?startIndex=99990&count=200');
	expect(last.json.totalResults).toBe(100_002);
	expect(last.json.Resources).toHaveLength(13);
	// A scanning filter still answers (slower, but correct).
	const scan = await q('userName sw "user09999"');
	expect(scan.json.totalResults).toBe(10);
});
