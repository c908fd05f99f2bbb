/** Raw-HTTP helpers for the emulator tests: nothing here knows the client code, only HTTP. */
import type { Emulator } from '../../cli/src/emulator';

export interface Res {
	status: number;
	headers: Headers;
	text: string;
	json: any;
}

export async function http(url: string, init: RequestInit = {}): Promise<Res> {
	const r = await fetch(url, { redirect: 'manual', ...init });
	const text = await r.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: r.status, headers: r.headers, text, json };
}

/** A SCIM client bound to one emulator and token. */
export function scim(emu: Emulator, token?: string) {
	const tok = token ?? emu.issueToken();
	const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
		http(emu.scimUrl + path, {
			method,
			headers: { Authorization: `Bearer ${tok}`, ...(body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}), ...headers },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
	return {
		token: tok,
		get: (path: string) => call('GET', path),
		post: (path: string, body: unknown) => call('POST', path, body),
		put: (path: string, body: unknown) => call('PUT', path, body),
		patch: (path: string, ops: unknown[]) => call('PATCH', path, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops }),
		del: (path: string) => call('DELETE', path),
		call,
	};
}

export async function admin(emu: Emulator, method: string, path: string, body?: unknown): Promise<Res> {
	return http(`${emu.url}/__admin${path}`, {
		method,
		headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

export function profileId(emu: Emulator, name: string): string {
	const p = emu.state.findProfile(name);
	if (!p) throw new Error(`no profile ${name}`);
	return p.id;
}

export function permissionSetId(emu: Emulator, name: string): string {
	const p = emu.state.findPermissionSet(name);
	if (!p) throw new Error(`no permission set ${name}`);
	return p.id;
}

let n = 0;
/** A minimal Salesforce create body (the documented example's shape) with a unique username. */
export function newUser(emu: Emulator, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	n++;
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		externalId: `ext${n}`,
		userName: `new.user${n}@mycompany.com`,
		name: { familyName: 'Scim', givenName: 'User' },
		emails: [{ type: 'work', primary: 'true', value: `new.user${n}@mycompany.com` }],
		entitlements: [{ value: profileId(emu, 'Standard User') }],
		...overrides,
	};
}
