// Runs the project's Salesforce SCIM emulator (built into cli/dist by `npm run build`) as a child process of
// the harness, with the options the harness needs: any OAuth redirect URI (n8n runs on a free port), the JWT
// bearer public key the harness generated, pre-authorised users, and a seed (`seedFrom`) from the project. Prints one JSON line {url} when listening,
// closes on SIGTERM/SIGINT.
//   node emulator-server.mjs '<EmulatorOptions as JSON>'
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from './lib.mjs';

const { seedFrom, ...options } = JSON.parse(process.argv[2] ?? '{}');
const require = createRequire(import.meta.url);
// seedFrom: { module: 'cli/dist/…/org.js', export: 'demoSeed' } seeds the org from a function of the project.
if (seedFrom) options.data = require(path.join(REPO_ROOT, seedFrom.module))[seedFrom.export]();
const entry = path.join(REPO_ROOT, 'cli', 'dist', 'cli', 'src', 'emulator', 'index.js');
const { startEmulator } = require(entry);
const emulator = await startEmulator({ host: '127.0.0.1', port: 0, ...options });
console.log(JSON.stringify({ url: emulator.url }));
let closing = false;
const close = async () => {
	if (closing) return;
	closing = true;
	await emulator.close().catch(() => {});
	process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
