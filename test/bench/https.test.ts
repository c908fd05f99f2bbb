/**
 * The node over HTTPS through n8n's real request path, against the emulator with a network that charges handshakes.
 * n8n reads NODE_EXTRA_CA_CERTS only at start-up, so the run happens in a child process of its own (the bench's
 * task runner) that trusts the emulator's certificate; certificate checks stay on. Counts only, never times.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { TaskOutcome, TaskResults } from '../../proof/src/bench/tasks';
import { selfSignedCertificate } from '../../cli/src/emulator/certificate';

const TASKS = join(__dirname, '..', '..', 'proof', 'dist', 'proof', 'src', 'bench', 'tasks.js');
const CONCURRENCY = 4;
const USERS = 40;

test('over HTTPS the node keeps more than Concurrency requests open, never more than 3 ×, because n8n opens a connection per request', async () => {
	if (!existsSync(TASKS)) throw new Error('The compiled CLI is missing: run `npm run build` first');
	const tls = selfSignedCertificate();
	const folder = mkdtempSync(join(tmpdir(), 'sfscim-https-test-'));
	const caFile = join(folder, 'ca.pem');
	writeFileSync(caFile, tls.cert);
	try {
		const task = { kind: 'provision', users: USERS, concurrency: CONCURRENCY, latency: { meanMs: 100, jitterMs: 10, handshakes: true }, tls };
		const outcome = await new Promise<TaskOutcome<TaskResults['provision']>>((resolve, reject) => {
			const child = fork(TASKS, [JSON.stringify(task)], {
				env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, N8N_USER_FOLDER: folder },
				execArgv: [],
				stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
			});
			let stderr = '';
			child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
			child.on('message', (message: { ok: boolean; outcome?: TaskOutcome<TaskResults['provision']>; error?: string }) =>
				message.ok ? resolve(message.outcome!) : reject(new Error(message.error)),
			);
			child.on('exit', (code) => reject(new Error(`the task ended (exit ${code}) without an answer: ${stderr}`)));
		});
		const { node, raw } = outcome.result;
		expect(node.outcomes).toEqual({ created: USERS });
		expect(raw.outcomes).toEqual({ created: USERS });
		// n8n 2.41.1: a new agent per request, so a TCP connection and a TLS handshake per request (token call included).
		expect(node.network.connections).toBe(node.requests);
		expect(node.network.tlsHandshakes).toBe(node.requests);
		expect(raw.network.connections).toBeLessThanOrEqual(CONCURRENCY);
		// The allowance: more open than Concurrency while handshakes are what requests wait for, and bounded.
		expect(node.peakOpen).toBeGreaterThan(CONCURRENCY);
		expect(node.peakOpen).toBeLessThanOrEqual(3 * CONCURRENCY);
		// Request counts per job do not rise: a lookup and a create per new user (the token and profile come once).
		expect((node.counts['GET /services/scim/v2/Users'] ?? 0) + (node.counts['POST /services/scim/v2/Users'] ?? 0)).toBe(2 * USERS);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}, 180_000);
