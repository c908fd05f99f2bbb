/**
 * The inspection API under /__admin (never subject to latency, faults, auth or API usage):
 *
 *   GET    /__admin                      index of these endpoints
 *   GET    /__admin/state[?users=false&userLimit=N]   org dump
 *   POST   /__admin/reset                back to the starting seed (usage, faults and the log cleared)
 *   POST   /__admin/seed                 add SeedData; {"replace": true, ...} starts from an empty org;
 *                                        {"generateUsers": N, "domain": "…", "profile": "…"} adds N synthetic users
 *   GET    /__admin/faults               rules with their counters
 *   PUT    /__admin/faults               replace the rules (array of FaultRule; `pathRegex` for a RegExp path)
 *   POST   /__admin/faults               add one rule
 *   DELETE /__admin/faults               no more faults
 *   POST   /__admin/tokens               issue an access token {"username"?, "ttlSeconds"?} → {access_token, …}
 *   POST   /__admin/tokens/expire        expire {"token"} or every access token
 *   GET    /__admin/requests[?limit=N]   request log (no Authorization values, secret query parameters redacted)
 *   GET    /__admin/requests/counts      counts per "METHOD /path/{id}"
 *   DELETE /__admin/requests             clear the log and counts
 *   GET    /__admin/usage                {used, limit}
 *   PUT    /__admin/usage                set {used?, limit?} (simulate "near the limit")
 *   POST   /__admin/usage/next-day       a new 24 h window: used = 0
 *   GET    /__admin/behaviour            UNCONFIRMED switches; PATCH to change some
 *   GET    /__admin/config               connection values (URLs, consumer key and secret, users)
 */
import type { Reply } from './http';
import { ruleFromJson } from './faults';
import type { Emulator } from './handle';
import type { BehaviourSwitches, SeedData } from './types';

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(message: string, status = 400): Reply {
	return { status, body: { error: message }, contentType: 'application/json' };
}

function json(body: unknown, status = 200): Reply {
	return { status, body, contentType: 'application/json' };
}

export const ADMIN_PREFIX = '/__admin';

export function handleAdmin(emu: Emulator, method: string, path: string, query: URLSearchParams, body: unknown): Reply {
	const route = path.slice(ADMIN_PREFIX.length).replace(/\/+$/, '') || '/';
	const key = `${method} ${route}`;
	switch (key) {
		case 'GET /':
			return json({ endpoints: ['state', 'reset', 'seed', 'faults', 'tokens', 'tokens/expire', 'requests', 'requests/counts', 'usage', 'usage/next-day', 'behaviour', 'config'] });
		case 'GET /state':
			return json(emu.state.dump({ users: query.get('users') !== 'false', userLimit: query.has('userLimit') ? Number(query.get('userLimit')) : undefined }));
		case 'POST /reset':
			emu.reset();
			return json({ reset: true });
		case 'POST /seed': {
			if (!isObject(body)) return bad('seed body must be an object');
			const { replace, generateUsers, domain, profile, ...data } = body;
			if (replace === true) emu.state.clear();
			emu.state.seed(data as SeedData);
			let generated = 0;
			if (typeof generateUsers === 'number') {
				generated = emu.state.generateUsers(generateUsers, { domain: typeof domain === 'string' ? domain : undefined, profile: typeof profile === 'string' ? profile : undefined });
			}
			return json({ users: emu.state.users.size, generated });
		}
		case 'GET /faults':
			return json(emu.faults.list());
		case 'PUT /faults':
			if (!Array.isArray(body)) return bad('PUT /__admin/faults takes an array of rules');
			emu.faults.set(body.map(ruleFromJson));
			return json(emu.faults.list());
		case 'POST /faults':
			emu.faults.add(ruleFromJson(body));
			return json(emu.faults.list());
		case 'DELETE /faults':
			emu.faults.clear();
			return json([]);
		case 'POST /tokens': {
			const b = isObject(body) ? body : {};
			const token = emu.issueToken({ username: typeof b.username === 'string' ? b.username : undefined, ttlSeconds: typeof b.ttlSeconds === 'number' ? b.ttlSeconds : undefined });
			return json({ access_token: token, instance_url: emu.url, token_type: 'Bearer' }, 201);
		}
		case 'POST /tokens/expire': {
			const b = isObject(body) ? body : {};
			return json({ expired: emu.expireTokens(typeof b.token === 'string' ? b.token : undefined) });
		}
		case 'GET /requests': {
			const limit = query.has('limit') ? Number(query.get('limit')) : undefined;
			return json(emu.requestLog.entries(limit));
		}
		case 'GET /requests/counts':
			return json(emu.requestLog.countsObject());
		case 'DELETE /requests':
			emu.requestLog.clear();
			return json({ cleared: true });
		case 'GET /usage':
			return json(emu.state.usage);
		case 'PUT /usage': {
			if (!isObject(body)) return bad('usage body must be an object');
			if (typeof body.used === 'number') emu.state.usage.used = body.used;
			if (typeof body.limit === 'number') emu.state.usage.limit = body.limit;
			return json(emu.state.usage);
		}
		case 'POST /usage/next-day':
			emu.state.usage.used = 0;
			return json(emu.state.usage);
		case 'GET /behaviour':
			return json(emu.behaviour);
		case 'PATCH /behaviour':
		case 'PUT /behaviour':
			if (!isObject(body)) return bad('behaviour body must be an object');
			Object.assign(emu.behaviour, body as Partial<BehaviourSwitches>);
			return json(emu.behaviour);
		case 'GET /config':
			return json(emu.connectionInfo());
		default:
			return bad(`no admin endpoint ${key}`, 404);
	}
}
