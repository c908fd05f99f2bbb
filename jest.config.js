/** Tests live in test/; TypeScript is transpiled per file (type checking is `npm run typecheck`). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	testTimeout: 60000,
	maxWorkers: 2,
	setupFiles: ['<rootDir>/test/setup/env.ts'],
};
