#!/usr/bin/env bash
# npm run test:n8n — this package inside real n8n 2.41.1: installed from its packed tarball, run headless,
# driven in the editor (headless Chromium), and scaled out in queue mode (PostgreSQL + Redis, two workers).
# Brings its own Node 24 and n8n (cached in ${SFSCIM_N8N_CACHE:-$HOME/.cache/sfscim-n8n}); installs the Debian
# packages it needs when they are missing (as root). The orchestration is scripts/n8n/main.mjs; the checks are
# listed in test/n8n/cases.mjs. Options are passed through: --skip-exec --skip-editor --skip-queue --skip-directory --keep
set -euo pipefail
cd "$(dirname "$0")/.."

echo "=== 0. Machine prerequisites ==="
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing Debian packages: ${missing[*]}"
	if [ "$(id -u)" != "0" ]; then
		echo "test:n8n needs these Debian packages (run as root or install them): ${missing[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	# The postgresql package may start a cluster service; the harness runs its own on a free port.
fi
echo "chromium: $(chromium --version 2>/dev/null || echo none); redis: $(redis-server --version | awk '{print $3}'); postgres: $(ls -d /usr/lib/postgresql/*/ | head -1)"

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/typescript ]; then
	echo "installing the project's dependencies (npm ci)"
	# Stated, not inherited (as every nested npm of the harness: scripts/n8n/npm.mjs): .npmrc's policy, scripts off.
	npm ci --ignore-scripts --no-audit --no-fund
fi

exec node scripts/n8n/main.mjs "$@"
