// Copies what tsc does not: each node's and credential's icons (light and dark SVG) and each node's codex
// (*.node.json), next to the compiled JS in dist/, where n8n looks for them.
const { src, dest, series } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = series(copyIcons, copyCodex);
exports.default = exports['build:icons'];
