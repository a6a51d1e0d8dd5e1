#!/usr/bin/env bash
# Installs what `npm start` and `npm test` need on this machine, and builds the TypeScript:
#   node modules, the Temporal CLI (dev server), Mailpit (the mail catcher), the Temporal
#   time-skipping test server (Java), a `postgres` system user (embedded PostgreSQL refuses to run as root), dist/ and the web app's web/dist/.
# Idempotent and silent when there is nothing to do; caches live in the git-ignored .cache/.
#
# Usage: scripts/provision.sh [--no-node] [--no-temporal] [--no-mailpit] [--no-test-server] [--no-user] [--no-build] [--no-web] [--cluster]
#   or   GREENLIGHT_PROVISION_SKIP="build,temporal" scripts/provision.sh
# --cluster also builds the multi-service Temporal server, its schema tool and the Temporal UI
#   server into .cache/bin (for `npm run start:cluster`, the cluster tests and benches; not needed
#   by `npm start`).
# GREENLIGHT_BUILD_ERRORS=warn: go on after TypeScript errors (tsc still emits); `npm test` sets it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# v1.5.1 is the newest tag whose go.mod still builds with `go install`; the CLI embeds server 1.29.1.
TEMPORAL_CLI_VERSION="v1.5.1"
TEMPORAL_CLI_SERVER="Server 1.29.1"
# Same release as the axllent/mailpit image in docker-compose.yml.
MAILPIT_VERSION="v1.33.1"
# The multi-service server of `npm run start:cluster`: the release the CLI above embeds. The UI
# server is the release that CLI embeds too (v2.42.1): newer ui-server tags need a newer Go than
# this machine's 1.26.8.
TEMPORAL_SERVER_VERSION="v1.29.1"
TEMPORAL_UI_SERVER_VERSION="v2.42.1"
CACHE="$ROOT/.cache"

skip=",${GREENLIGHT_PROVISION_SKIP:-},"
cluster=""
for arg in "$@"; do
  case "$arg" in
    --no-node) skip+="node," ;;
    --no-temporal) skip+="temporal," ;;
    --no-mailpit) skip+="mailpit," ;;
    --no-test-server) skip+="test-server," ;;
    --no-user) skip+="user," ;;
    --no-build) skip+="build," ;;
    --no-web) skip+="web," ;;
    --cluster) cluster=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "provision: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done
wanted() { [[ "$skip" != *",$1,"* ]]; }

say() { echo "provision: $*" >&2; }
die() { echo "provision: ERROR: $*" >&2; exit 1; }
sha() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

mkdir -p "$CACHE"
# `npm start` and `npm test` may provision at the same moment; two `npm ci` runs would corrupt
# node_modules, so take turns.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/provision.lock"
  flock 9
fi

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "need root to run: $*"
  fi
}

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "missing $*, and apt-get is not available to install it"
  if [[ -z "$apt_updated" ]]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  say "installing $* (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

check_node() {
  command -v node >/dev/null 2>&1 || die "Node.js >= 20.3 is required (https://nodejs.org); Debian's nodejs package is too old"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=3)?0:1)' \
    || die "Node.js >= 20.3 is required, found $(node -v)"
}

provision_node_modules() {
  local lock_sha stamp="node_modules/.greenlight-lock.sha"
  # The patches under patches/ are applied by npm's postinstall (patch-package): a changed patch reinstalls too.
  lock_sha="$(sha package-lock.json patches/*.patch)"
  if [[ -d node_modules && "$(cat "$stamp" 2>/dev/null || true)" == "$lock_sha" ]]; then return; fi
  # First provision of a node_modules installed by hand: npm writes its hidden lockfile after a
  # successful install, so if that is newer than package-lock.json the two match and a clean
  # reinstall would only cost a minute. Once stamped, any change of the lock reinstalls.
  if [[ -d node_modules && ! -f "$stamp" && node_modules/.package-lock.json -nt package-lock.json ]]; then
    echo "$lock_sha" >"$stamp"
    return
  fi
  say "installing node modules (npm ci)"
  local log
  log="$(mktemp)"
  if ! npm ci --no-audit --no-fund >"$log" 2>&1; then
    # The lock file lacks optional platform packages (e.g. @swc/core-darwin-arm64) that the
    # registry it was made against did not serve; npm ci refuses such a lock, npm install does
    # not. --no-save leaves package.json and package-lock.json untouched.
    if grep -q 'from lock file' "$log"; then
      grep -m 5 'from lock file' "$log" >&2 || true
      say "npm ci refused package-lock.json (above); installing with npm install --no-save instead"
      rm -f "$log"
      npm install --no-save --no-audit --no-fund
    else
      cat "$log" >&2
      rm -f "$log"
      die "npm ci failed"
    fi
  else
    grep -v '^npm warn' "$log" || true
    rm -f "$log"
  fi
  echo "$lock_sha" >"$stamp"
}

provision_temporal_cli() {
  local bin="$CACHE/bin/temporal" stamp="$CACHE/bin/temporal.version"
  if [[ -x "$bin" && "$(cat "$stamp" 2>/dev/null || true)" == "$TEMPORAL_CLI_VERSION" ]]; then return; fi
  # `go install` stamps no version (it prints 0.0.0-DEV), so recognise an earlier build by the
  # server version it embeds.
  if [[ -x "$bin" && ! -f "$stamp" ]] && "$bin" --version 2>/dev/null | grep -qF "($TEMPORAL_CLI_SERVER,"; then
    echo "$TEMPORAL_CLI_VERSION" >"$stamp"
    return
  fi
  command -v go >/dev/null 2>&1 || die "Go is required to build the Temporal CLI $TEMPORAL_CLI_VERSION. Install Go >= 1.23 from https://go.dev/dl (Debian's golang-go is too old)."
  say "building Temporal CLI $TEMPORAL_CLI_VERSION into .cache/bin (go install; several minutes the first time)"
  mkdir -p "$CACHE/bin"
  # Module and build caches stay inside .cache; -modcacherw keeps them deletable with rm -rf.
  GOBIN="$CACHE/bin" GOFLAGS="-mod=mod -modcacherw" GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build" \
    go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
  echo "$TEMPORAL_CLI_VERSION" >"$stamp"
}

provision_mailpit() {
  local bin="$CACHE/bin/mailpit" stamp="$CACHE/bin/mailpit.version"
  if [[ -x "$bin" && "$(cat "$stamp" 2>/dev/null || true)" == "$MAILPIT_VERSION" ]]; then return; fi
  # `go install` leaves Mailpit's own version string at "dev"; the module version is in the
  # binary's build info, which `go version -m` reads.
  if [[ -x "$bin" && ! -f "$stamp" ]] && command -v go >/dev/null 2>&1 \
    && go version -m "$bin" 2>/dev/null | grep -qE "^[[:space:]]+mod[[:space:]]+github.com/axllent/mailpit[[:space:]]+$MAILPIT_VERSION([[:space:]]|$)"; then
    echo "$MAILPIT_VERSION" >"$stamp"
    return
  fi
  command -v go >/dev/null 2>&1 || die "Go is required to build Mailpit $MAILPIT_VERSION. Install Go >= 1.23 from https://go.dev/dl (Debian's golang-go is too old)."
  say "building Mailpit $MAILPIT_VERSION into .cache/bin (go install; a few minutes the first time)"
  mkdir -p "$CACHE/bin"
  GOBIN="$CACHE/bin" GOFLAGS="-mod=mod -modcacherw" GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build" \
    go install "github.com/axllent/mailpit@$MAILPIT_VERSION"
  echo "$MAILPIT_VERSION" >"$stamp"
}

# temporal-server, temporal-sql-tool and temporal-ui-server for the cluster mode. `go install`
# names them server, sql and server; each is built into its own GOBIN and renamed. The module
# cache is the CLI's, so a machine that built the CLI downloads little more.
provision_temporal_cluster() {
  local stamp="$CACHE/bin/temporal-cluster.version" want="server $TEMPORAL_SERVER_VERSION ui $TEMPORAL_UI_SERVER_VERSION"
  local bins=("$CACHE/bin/temporal-server" "$CACHE/bin/temporal-sql-tool" "$CACHE/bin/temporal-ui-server")
  if [[ -x "${bins[0]}" && -x "${bins[1]}" && -x "${bins[2]}" && "$(cat "$stamp" 2>/dev/null || true)" == "$want" ]]; then return; fi
  command -v go >/dev/null 2>&1 || die "Go is required to build the Temporal server $TEMPORAL_SERVER_VERSION. Install Go >= 1.24 from https://go.dev/dl (Debian's golang-go is too old)."
  say "building Temporal server $TEMPORAL_SERVER_VERSION, its SQL schema tool and UI server $TEMPORAL_UI_SERVER_VERSION into .cache/bin (go install; several minutes the first time)"
  local tmp
  tmp="$(mktemp -d "$CACHE/go-bin.XXXXXX")"
  local goenv=(GOFLAGS="-mod=mod -modcacherw" GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build")
  mkdir -p "$tmp/server" "$tmp/ui" "$CACHE/bin"
  if ! env "${goenv[@]}" GOBIN="$tmp/server" go install \
      "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" \
    || ! env "${goenv[@]}" GOBIN="$tmp/ui" go install "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_SERVER_VERSION"; then
    rm -rf "$tmp"
    die "go install of the Temporal cluster binaries failed (above)"
  fi
  mv -f "$tmp/server/server" "$CACHE/bin/temporal-server"
  mv -f "$tmp/server/sql" "$CACHE/bin/temporal-sql-tool"
  mv -f "$tmp/ui/server" "$CACHE/bin/temporal-ui-server"
  rm -rf "$tmp"
  echo "$want" >"$stamp"
}

provision_test_server() {
  local pom="scripts/test-server/pom.xml" dir="$CACHE/test-server" version pom_sha
  local launcher_src="scripts/test-server/LoopbackTestServer.java" launcher_dir="$CACHE/test-server-launcher"
  version="$(sed -n 's:.*<temporal.test-server.version>\(.*\)</temporal.test-server.version>.*:\1:p' "$pom")"
  pom_sha="$(sha "$pom")"

  if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
    # The JDK, not just the JRE: the loopback launcher below is compiled here.
    apt_install openjdk-17-jdk-headless
  fi

  if [[ "$(cat "$dir/.pom.sha" 2>/dev/null || true)" != "$pom_sha" ]]; then
    if [[ ! -f "$dir/.pom.sha" && -f "$dir/temporal-test-server-$version.jar" ]]; then
      echo "$pom_sha" >"$dir/.pom.sha"
    else
      command -v mvn >/dev/null 2>&1 || apt_install maven
      say "downloading Temporal test server $version into .cache/test-server (maven)"
      rm -rf "$dir"
      local mvn_log
      mvn_log="$(mktemp)"
      # Maven 3.8 prints colour resets even when quiet; keep its output for failures only.
      if ! mvn -B -q -f "$pom" dependency:copy-dependencies \
        -DoutputDirectory="$dir" -DincludeScope=runtime -Dmaven.repo.local="$CACHE/m2" >"$mvn_log" 2>&1; then
        cat "$mvn_log" >&2
        rm -f "$mvn_log"
        die "maven could not fetch the Temporal test server"
      fi
      rm -f "$mvn_log"
      echo "$pom_sha" >"$dir/.pom.sha"
    fi
  fi

  local launcher_sha
  launcher_sha="$(sha "$launcher_src" "$dir/.pom.sha")"
  if [[ "$(cat "$launcher_dir/.sha" 2>/dev/null || true)" != "$launcher_sha" ]]; then
    say "compiling the loopback test-server launcher into .cache/test-server-launcher"
    rm -rf "$launcher_dir"
    mkdir -p "$launcher_dir"
    javac --release 11 -nowarn -cp "$dir/*" -d "$launcher_dir" "$launcher_src"
    echo "$launcher_sha" >"$launcher_dir/.sha"
  fi
}

provision_postgres_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  say "creating system user postgres (PostgreSQL will not run as root)"
  if getent group postgres >/dev/null 2>&1; then
    useradd --system --gid postgres --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  else
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
}

provision_build() {
  local stamp="$CACHE/dist.stamp" dirs=()
  for dir in src workflows activities scripts bench tools; do [[ -d "$dir" ]] && dirs+=("$dir"); done
  # Even a no-op incremental tsc takes seconds; skip it when no source, folder (a deleted file
  # changes its folder) or compiler setting changed since the last build.
  if [[ -d dist && -f "$stamp" ]] \
    && [[ -z "$(find "${dirs[@]}" tsconfig.json tsconfig.build.json package-lock.json \( -name '*.ts' -o -type d -o -name '*.json' \) -newer "$stamp" -print -quit)" ]]; then
    return
  fi
  # tsc's incremental state outlives a deleted dist/; without this it would consider
  # everything emitted and write nothing.
  [[ -d dist ]] || rm -f "$CACHE/tsbuildinfo.build"
  # Stamped with the start time, so that an edit made during the build triggers the next one.
  touch "$stamp.next"
  if ! node_modules/.bin/tsc -p tsconfig.build.json; then
    # tsc has still written dist/. Tests may go on (type errors are the typecheck step's to
    # report); `npm start` may not run code that does not compile.
    [[ "${GREENLIGHT_BUILD_ERRORS:-fail}" == "warn" ]] || die "the TypeScript build failed (above)"
    say "WARNING: the TypeScript build reported errors (above); continuing with what it emitted"
  fi
  # The integration tests' global setup compares source times with this to spot a stale dist/.
  mv "$stamp.next" "$stamp"
}

# The web app (web/ -> web/dist, vite build), which the API serves at /; the browser tests need it.
provision_web_build() {
  local stamp="$CACHE/web-dist.stamp"
  [[ -f web/vite.config.ts ]] || return 0
  if [[ -f web/dist/index.html && -f "$stamp" ]] \
    && [[ -z "$(find web -path web/dist -prune -o \( -type f -o -type d \) -newer "$stamp" -print -quit)" ]] \
    && [[ ! package-lock.json -nt "$stamp" ]]; then
    return
  fi
  say "building the web app (vite build -> web/dist)"
  touch "$stamp.next"
  node_modules/.bin/vite build --config web/vite.config.ts --logLevel error || die "the web app build failed (above)"
  mv "$stamp.next" "$stamp"
}

check_node
if wanted node; then provision_node_modules; fi
if wanted temporal; then provision_temporal_cli; fi
if wanted mailpit; then provision_mailpit; fi
if wanted test-server; then provision_test_server; fi
if wanted user; then provision_postgres_user; fi
if wanted build; then provision_build; fi
if wanted web; then provision_web_build; fi
if [[ -n "$cluster" ]]; then provision_temporal_cluster; fi
