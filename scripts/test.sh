#!/usr/bin/env bash
# `npm test`: provision (installs the servers, builds dist/ for the migrate command), then jest
# with every argument passed through, e.g. `npm test -- test/infra --selectProjects int`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Type errors are reported by `npm run typecheck`; they should not hide test results.
GREENLIGHT_BUILD_ERRORS=warn bash scripts/provision.sh

# jest's --selectProjects takes any number of values, so in `npm run test:int -- test/infra`
# (= --selectProjects int test/infra) it would swallow the path as a project name and run
# everything. Keep only real project names with it, and put it last.
projects=" $(node -e 'console.log(require("./jest.config.js").projects.map((p) => p.displayName).join(" "))') "
args=()
selected=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --selectProjects=*) selected+=("${1#*=}"); shift ;;
    --selectProjects)
      shift
      while [[ $# -gt 0 && "$projects" == *" $1 "* ]]; do selected+=("$1"); shift; done
      ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ ${#selected[@]} -gt 0 ]]; then args+=(--selectProjects "${selected[@]}"); fi

flags=()
if [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; then
  # No snapshot writing, no watch prompts, and no waiting forever on a handle a test leaked.
  flags+=(--ci --forceExit)
fi
# On two cores jest runs every file in its main process, one after another (one worker = in band),
# and what each file's module registry loaded stays reachable until the run ends (a CI run died
# at V8's default 4 GB heap after 120 of 143 files): give that one process room. A limit, not a
# reservation; the machine has 24 GB.
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--max-old-space-size=12288"
exec node_modules/.bin/jest "${flags[@]}" "${args[@]}"
