// Shared helpers for the real-n8n harness: step headings with timings, tracked child processes that are
// always killed by PID, free ports, waiting with deadlines, HTTP with timeouts, log tails.
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------------------------------------------------------
// Checks: every assertion is counted, so the run ends with "N passed, N failed".

const checks = { passed: 0, failed: 0, failures: [] };
// The step a check belongs to (steps may run concurrently in two lanes).
const stepContext = new AsyncLocalStorage();

export class CheckError extends Error {}

/** Records a check; throws when `soft` is false (the default) so the step fails at the first broken check. */
export function check(condition, message, { soft = false, details } = {}) {
	if (condition) {
		checks.passed += 1;
		log(`  ✓ ${message}`);
		return true;
	}
	checks.failed += 1;
	checks.failures.push(message);
	const ctx = stepContext.getStore();
	if (ctx) ctx.failed += 1;
	log(`  ✗ ${message}`);
	if (details !== undefined) console.log(typeof details === 'string' ? details : JSON.stringify(details, null, 2));
	if (!soft) throw new CheckError(message);
	return false;
}

export function checkSummary() {
	return { ...checks, failures: [...checks.failures] };
}

const t0 = Date.now();
const stepTimings = [];
let currentStep = null;

export function elapsed(since = t0) {
	return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

export function log(...args) {
	console.log(`[${elapsed()}]`, ...args);
}

export function warn(...args) {
	console.log(`[${elapsed()}] WARN`, ...args);
}

/** Runs `fn` under a heading, records how long it took, and re-throws with the step's name on failure. */
export async function step(name, fn) {
	const started = Date.now();
	currentStep = name;
	console.log(`\n=== ${name} ===`);
	const ctx = { failed: 0 };
	try {
		const result = await stepContext.run(ctx, fn);
		// Soft checks let a step go on to tell more; the step still fails when any of them failed.
		if (ctx.failed > 0) throw new CheckError(`${ctx.failed} check(s) failed in "${name}" (see ✗ above)`);
		stepTimings.push({ name, ms: Date.now() - started, ok: true });
		console.log(`--- ${name}: ok in ${elapsed(started)}`);
		return result;
	} catch (error) {
		stepTimings.push({ name, ms: Date.now() - started, ok: false });
		console.log(`--- ${name}: FAILED after ${elapsed(started)}`);
		if (error && typeof error === 'object' && !error.step) error.step = name;
		throw error;
	} finally {
		currentStep = null;
	}
}

export function printTimings() {
	console.log('\n=== Timings ===');
	for (const s of stepTimings) {
		console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${(s.ms / 1000).toFixed(1).padStart(7)}s  ${s.name}`);
	}
	console.log(`total ${elapsed()}`);
}

export function currentStepName() {
	return currentStep;
}

// ---------------------------------------------------------------------------------------------------------------
// Processes. Every child is started in its own process group and remembered; killAll() ends them by PID.

const children = new Map(); // pid -> { name, child, exited }

/**
 * Starts a long-running process with stdout+stderr appended to `logFile`.
 * Returns { pid, name, child, logFile, exited: Promise<{code, signal}>, isRunning() }.
 */
export function startProcess(name, command, args, { env, cwd, logFile, uid, gid } = {}) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, {
		env,
		cwd,
		detached: true, // own process group, so a kill reaches its children too
		stdio: ['ignore', out, out],
		uid,
		gid,
	});
	fs.closeSync(out);
	let running = true;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			running = false;
			children.delete(child.pid);
			resolve({ code, signal });
		});
		child.on('error', (error) => {
			running = false;
			children.delete(child.pid);
			resolve({ code: -1, signal: null, error });
		});
	});
	const handle = { pid: child.pid, name, child, logFile, exited, isRunning: () => running };
	if (child.pid) children.set(child.pid, handle);
	log(`started ${name} (pid ${child.pid}), log ${logFile}`);
	return handle;
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		try {
			process.kill(pid, signal);
			return true;
		} catch {
			return false;
		}
	}
}

/** Stops one process (its whole group): SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(handle, { graceMs = 10_000 } = {}) {
	if (!handle || !handle.isRunning()) return;
	killGroup(handle.pid, 'SIGTERM');
	const result = await Promise.race([handle.exited, sleep(graceMs).then(() => 'timeout')]);
	if (result === 'timeout') {
		warn(`${handle.name} (pid ${handle.pid}) ignored SIGTERM for ${graceMs} ms; SIGKILL`);
		killGroup(handle.pid, 'SIGKILL');
		await Promise.race([handle.exited, sleep(3000)]);
	}
	// Make sure nothing of its group is left behind (n8n starts task runners as children).
	killGroup(handle.pid, 'SIGKILL');
	log(`stopped ${handle.name} (pid ${handle.pid})`);
}

/** Stops every process this run started, newest first. */
export async function stopAll() {
	const all = [...children.values()].reverse();
	for (const handle of all) await stopProcess(handle, { graceMs: 5000 });
}

/** Synchronous last resort (process 'exit' handler): SIGKILL every remembered group. */
export function killAllSync() {
	for (const handle of children.values()) killGroup(handle.pid, 'SIGKILL');
}

/**
 * Runs a command to completion with a timeout. Output goes to `logFile` (if given) and is returned.
 * Rejects on timeout (after killing the process group) and, unless `allowFailure`, on a non-zero exit.
 */
export function run(command, args, { env, cwd, timeoutMs = 120_000, logFile, allowFailure = false, input } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
		const handle = { pid: child.pid, name: `${path.basename(command)} ${args[0] ?? ''}`, child, isRunning: () => true };
		if (child.pid) children.set(child.pid, handle);
		let stdout = '';
		let stderr = '';
		if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true });
		const sink = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
		child.stdout.on('data', (d) => {
			stdout += d;
			sink?.write(d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			sink?.write(d);
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		const finish = (code, signal, error) => {
			clearTimeout(timer);
			children.delete(child.pid);
			sink?.end();
			const result = { code, signal, stdout, stderr };
			const cmdline = `${command} ${args.join(' ')}`;
			if (error) return reject(new Error(`${cmdline}: ${error.message}`));
			if (timedOut) {
				return reject(
					Object.assign(new Error(`${cmdline}: timed out after ${timeoutMs} ms\n${tailText(stdout + stderr, 40)}`), result),
				);
			}
			if (code !== 0 && !allowFailure) {
				return reject(
					Object.assign(new Error(`${cmdline}: exit ${code ?? signal}\n${tailText(stdout + stderr, 60)}`), result),
				);
			}
			resolve(result);
		};
		child.on('error', (error) => finish(null, null, error));
		child.on('close', (code, signal) => finish(code, signal));
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Waiting, ports, HTTP.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` until it returns a truthy value; throws `message` (plus `onTimeout()` text) after `timeoutMs`. */
export async function waitFor(fn, { timeoutMs = 60_000, intervalMs = 250, message = 'condition', onTimeout } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	while (Date.now() < deadline) {
		try {
			const value = await fn();
			if (value) return value;
		} catch (error) {
			lastError = error;
		}
		await sleep(intervalMs);
	}
	const extra = onTimeout ? `\n${onTimeout()}` : '';
	const cause = lastError ? ` (last error: ${lastError.message})` : '';
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${cause}${extra}`);
}

/** A TCP port that is free on 127.0.0.1 right now (the OS picks it; not handed out twice in one run). */
const handedOut = new Set();
export async function freePort() {
	for (let attempt = 0; attempt < 20; attempt += 1) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: p } = server.address();
				server.close(() => resolve(p));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('no free port found');
}

/** fetch() with a timeout; returns { status, headers, text, json }. */
export async function http(url, { method = 'GET', headers = {}, body, timeoutMs = 15_000, redirect = 'manual' } = {}) {
	const init = { method, headers: { ...headers }, redirect, signal: AbortSignal.timeout(timeoutMs) };
	if (body !== undefined) {
		if (typeof body === 'string') init.body = body;
		else {
			init.body = JSON.stringify(body);
			init.headers['content-type'] ??= 'application/json';
		}
	}
	const response = await fetch(url, init);
	const text = await response.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

// ---------------------------------------------------------------------------------------------------------------
// Files and logs.

export function tailText(text, lines = 60) {
	return String(text).split('\n').slice(-lines).join('\n');
}

export function tailFile(file, lines = 80) {
	try {
		return tailText(fs.readFileSync(file, 'utf8'), lines);
	} catch (error) {
		return `(no log at ${file}: ${error.message})`;
	}
}

export function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function writeJson(file, value) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
