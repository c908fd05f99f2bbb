#!/usr/bin/env node
// What the project runs on itself (`npm run bench`, `npm run test:reliability`), compiled by `npm run build`
// (proof/dist). Users run the other CLI, cli/bin/run.js (sfscim).
const { execute } = require('@oclif/core');

execute({ dir: __dirname }).catch((error) => {
	// oclif prints its own errors; make sure the exit code says it failed.
	process.exitCode = process.exitCode || 1;
	if (error && !error.oclif) console.error(error.message || error);
});
