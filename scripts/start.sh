#!/usr/bin/env bash
# `npm start`: provision (installs, builds; quick when nothing changed), then run the stack.
# Ctrl-C stops everything cleanly; see scripts/stack.ts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/provision.sh
exec node dist/scripts/stack.js
