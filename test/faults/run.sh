#!/usr/bin/env bash
# `npm run test:faults`: provision what the suite runs (node modules, the Temporal CLI, Mailpit, the
# `postgres` user, dist/), then the fault suite (test/faults/faults.faults-spec.ts) under its own
# jest config. Arguments go to jest. Knobs: FAULTS_ONLY, FAULTS_DOWN_SECONDS,
# FAULTS_SETTLE_SECONDS, FAULTS_MARGIN_SECONDS (see the spec's header).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# The suite runs the built API, worker and CLIs; type errors are `npm run typecheck`'s to report.
GREENLIGHT_BUILD_ERRORS=warn bash scripts/provision.sh --no-test-server

flags=()
if [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; then flags+=(--ci --forceExit); fi
exec node_modules/.bin/jest -c jest.faults.config.js "${flags[@]}" "$@"
