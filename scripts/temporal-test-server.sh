#!/usr/bin/env bash
# The executable handed to @temporalio/testing's TestWorkflowEnvironment.createTimeSkipping
# ({ type: 'existing-path' }): runs Temporal's Java time-skipping test server from the jars that
# scripts/provision.sh put in .cache. The SDK calls it as `<this> <port>` and kills it by pid,
# hence `exec`: the JVM must be that pid.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JARS="$ROOT/.cache/test-server"
LAUNCHER="$ROOT/.cache/test-server-launcher"
if [[ ! -d "$JARS" ]]; then
  echo "temporal-test-server: $JARS is missing; run scripts/provision.sh" >&2
  exit 1
fi
# Quick start matters more than peak speed: the SDK gives the server 5 s to answer.
JAVA_OPTS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)
if [[ -f "$LAUNCHER/dev/greenlight/testserver/LoopbackTestServer.class" ]]; then
  exec java "${JAVA_OPTS[@]}" -cp "$LAUNCHER:$JARS/*" dev.greenlight.testserver.LoopbackTestServer "$@"
fi
echo "temporal-test-server: loopback launcher not compiled (run scripts/provision.sh); the stock server listens on all interfaces" >&2
exec java "${JAVA_OPTS[@]}" -cp "$JARS/*" io.temporal.testserver.TestServer "$@"
