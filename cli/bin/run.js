#!/usr/bin/env node
// The CLI is compiled by `npm run build` (cli/dist). Run it from a source checkout after building.
const { execute } = require('@oclif/core');

execute({ dir: __dirname }).catch((error) => {
	// oclif prints its own errors; make sure the exit code says it failed.
	process.exitCode = process.exitCode || 1;
	if (error && !error.oclif) console.error(error.message || error);
});
