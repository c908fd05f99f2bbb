// Builds and packs this package, and installs the tarball into an n8n user folder the way users install a
// community package by hand: `npm install <tarball>` inside `<N8N_USER_FOLDER>/.n8n/nodes`.
import fs from 'node:fs';
import path from 'node:path';
import { log, REPO_ROOT } from './lib.mjs';
import { npm, npmInstall } from './npm.mjs';

/** `npm run build` then `npm pack` into `outDir`; returns the tarball path. SFSCIM_N8N_TARBALL skips both. */
export async function buildAndPack(outDir, { logDir }) {
	if (process.env.SFSCIM_N8N_TARBALL) {
		const given = path.resolve(process.env.SFSCIM_N8N_TARBALL);
		if (!fs.existsSync(given)) throw new Error(`SFSCIM_N8N_TARBALL=${given} does not exist`);
		log(`using the given tarball ${given} (SFSCIM_N8N_TARBALL); no build`);
		return given;
	}
	const logFile = path.join(logDir, 'build-and-pack.log');
	log(`npm run build (log ${logFile})`);
	await npm(REPO_ROOT, ['run', 'build'], { timeoutMs: 6 * 60_000, logFile });
	fs.mkdirSync(outDir, { recursive: true });
	// No lifecycle scripts: `prepack` would build a second time.
	const packed = await npm(REPO_ROOT, ['pack', '--json', '--ignore-scripts', `--pack-destination=${outDir}`], {
		timeoutMs: 2 * 60_000,
		logFile,
	});
	const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
	const tarball = path.join(outDir, info[0].filename);
	const files = info[0].files.map((f) => f.path);
	log(`packed ${path.basename(tarball)}: ${files.length} files, ${(info[0].size / 1024).toFixed(0)} KiB`);
	return tarball;
}

/** Installs the tarball into `<userFolder>/.n8n/nodes`; returns the installed package.json. */
export async function installIntoUserFolder(tarball, userFolder, { logDir }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const pkgFile = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgFile)) {
		fs.writeFileSync(pkgFile, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	}
	// Peer dependencies (n8n-workflow) come from n8n itself, as when n8n installs a package from its UI.
	// The package has no install scripts; none of anything it could pull in runs either.
	await npmInstall(nodesDir, [tarball], {
		scripts: false,
		extra: ['--legacy-peer-deps', '--bin-links=false'],
		timeoutMs: 3 * 60_000,
		logFile: path.join(logDir, 'install-tarball.log'),
	});
	const manifest = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	const name = Object.keys(manifest.dependencies ?? {})[0];
	const installed = JSON.parse(fs.readFileSync(path.join(nodesDir, 'node_modules', name, 'package.json'), 'utf8'));
	const entries = [...(installed.n8n?.nodes ?? []), ...(installed.n8n?.credentials ?? [])];
	const missing = entries.filter((f) => !fs.existsSync(path.join(nodesDir, 'node_modules', name, f)));
	if (missing.length) throw new Error(`the installed package lacks files its package.json declares: ${missing.join(', ')}`);
	log(`installed ${installed.name}@${installed.version} into ${nodesDir} (${entries.length} declared node/credential files)`);
	return installed;
}
