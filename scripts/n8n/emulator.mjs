// The Salesforce SCIM emulator for the harness: started as a child process on a free 127.0.0.1 port, and
// inspected through its admin API under /__admin (cli/src/emulator/admin.ts lists the routes).
import fs from 'node:fs';
import path from 'node:path';
import { freePort, http, log, REPO_ROOT, startProcess, stopProcess, tailFile, waitFor } from './lib.mjs';

/**
 * Starts the emulator (scripts/n8n/emulator-server.mjs → cli/dist's startEmulator) on a free 127.0.0.1 port.
 * `options` are EmulatorOptions (cli/src/emulator/types.ts): oauth.redirectUris, oauth.jwtPublicKey, data, ...
 */
export async function startEmulator({ logDir, options = {} }) {
	const port = await freePort();
	const logFile = path.join(logDir, 'emulator.log');
	fs.rmSync(logFile, { force: true });
	const server = path.join(REPO_ROOT, 'scripts', 'n8n', 'emulator-server.mjs');
	const handle = startProcess('emulator', process.execPath, [server, JSON.stringify({ ...options, port })], {
		cwd: REPO_ROOT,
		env: { ...process.env, NO_COLOR: '1' },
		logFile,
	});
	const url = `http://127.0.0.1:${port}`;
	await waitFor(
		async () => {
			if (!handle.isRunning()) throw new Error('the emulator exited');
			const r = await http(`${url}/__admin/config`, { timeoutMs: 2000 });
			return r.status === 200;
		},
		{ timeoutMs: 30_000, message: `the emulator at ${url}` },
	).catch((error) => {
		throw new Error(`${error.message}\n--- emulator log ---\n${tailFile(logFile, 40)}`);
	});
	const emulator = new EmulatorClient(url, handle);
	emulator.config = await emulator.admin('GET', '/config');
	log(`emulator ready at ${url}`);
	return emulator;
}

export class EmulatorClient {
	constructor(url, handle) {
		this.url = url;
		this.handle = handle;
		this.config = null;
	}

	async admin(method, route, body) {
		const r = await http(`${this.url}/__admin${route}`, { method, body, timeoutMs: 15_000 });
		if (r.status >= 400) throw new Error(`emulator admin ${method} ${route}: ${r.status} ${r.text.slice(0, 300)}`);
		return r.json;
	}

	state() {
		return this.admin('GET', '/state');
	}

	requests(limit = 1000) {
		return this.admin('GET', `/requests?limit=${limit}`);
	}

	requestCounts() {
		return this.admin('GET', '/requests/counts');
	}

	reset() {
		return this.admin('POST', '/reset');
	}

	seed(data) {
		return this.admin('POST', '/seed', data);
	}

	/** Users of the org as an array, whatever shape the state dump uses (array or map). */
	async users() {
		const state = await this.state();
		const users = state.users ?? state.Users ?? [];
		return Array.isArray(users) ? users : Object.values(users);
	}

	async stop() {
		await stopProcess(this.handle);
	}
}
