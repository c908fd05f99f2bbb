// n8n's engine writes <N8N_USER_FOLDER>/.n8n/config lazily: keep every test run out of the real home folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER?.includes('sfscim-test-')) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'sfscim-test-'));
}
