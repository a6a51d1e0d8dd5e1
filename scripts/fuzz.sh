#!/usr/bin/env bash
# `npm run fuzz`: API fuzzing with schemathesis over /api/docs-json, as a rep, an approver and ops.
# Provisions what it needs (node modules, the Temporal CLI, dist/, and schemathesis in its own
# virtualenv under .cache/, kept apart from every other Python environment), then runs
# scripts/fuzz.ts, which starts its own servers on free ports (or targets FUZZ_BASE_URL), runs
# schemathesis, prints a summary and stops what it started. Needs no terminal and no stdin.
#
# Usage: npm run fuzz [-- --max-examples N --seed S --request-timeout SECONDS --max-minutes M --roles alice,lee,olivia]
# Environment: FUZZ_BASE_URL (use a running stack), FUZZ_MAX_EXAMPLES, FUZZ_SEED, FUZZ_REQUEST_TIMEOUT,
# FUZZ_MAX_MINUTES, FUZZ_ROLES, FUZZ_WORKERS: the same settings as the flags (flags win).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec </dev/null

SCHEMATHESIS_VERSION="4.32.5"
VENV="$ROOT/.cache/schemathesis-venv"

say() { echo "fuzz: $*" >&2; }
die() { echo "fuzz: ERROR: $*" >&2; exit 1; }

# The Java time-skipping test server is for the workflow tests only; with FUZZ_BASE_URL the
# servers are someone else's, so the Temporal CLI is not needed either.
provision_args=(--no-test-server)
[[ -n "${FUZZ_BASE_URL:-}" ]] && provision_args+=(--no-temporal --no-user)
bash scripts/provision.sh "${provision_args[@]}"

installed_version() {
  "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true
}

provision_schemathesis() {
  mkdir -p "$ROOT/.cache"
  # Two fuzz runs starting together would both build the venv; take turns.
  if command -v flock >/dev/null 2>&1; then
    exec 8>"$ROOT/.cache/schemathesis-venv.lock"
    flock 8
  fi
  [[ -x "$VENV/bin/st" && "$(installed_version)" == "$SCHEMATHESIS_VERSION" ]] && return
  command -v python3 >/dev/null 2>&1 || die "python3 is required for schemathesis (apt-get install python3)"
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    # Debian ships venv's pip bootstrap separately.
    [[ $EUID -eq 0 ]] || die "python3 cannot create virtual environments; install python3-venv"
    say "installing python3-venv (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  say "installing schemathesis $SCHEMATHESIS_VERSION into .cache/schemathesis-venv (pip)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  # Nothing from the user's site-packages or pip config leaks in; no prompts.
  PYTHONNOUSERSITE=1 PIP_CONFIG_FILE=/dev/null "$VENV/bin/pip" install --quiet --no-input --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION" || { rm -rf "$VENV"; die "pip could not install schemathesis $SCHEMATHESIS_VERSION"; }
  [[ "$(installed_version)" == "$SCHEMATHESIS_VERSION" ]] || { rm -rf "$VENV"; die "schemathesis $SCHEMATHESIS_VERSION did not install"; }
}
provision_schemathesis
exec 8>&-

export FUZZ_SCHEMATHESIS="$VENV/bin/st"
exec node dist/scripts/fuzz.js "$@"
