#!/bin/sh
# docker-compose one-shot (temporalio/admin-tools image): waits for the Temporal server, registers
# the namespace (the full server, unlike the dev server, creates none; 24 h retention as the dev
# server) and Greenlight's custom search attributes, skipping whatever exists.
# `npm run start:cluster` does the same through scripts/lib/temporal-cluster.ts.
set -eu
address="${TEMPORAL_ADDRESS:-temporal:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"

tries=0
until temporal operator cluster health --address "$address" 2>/dev/null | grep -q SERVING; do
  tries=$((tries + 1))
  if [ "$tries" -gt 90 ]; then echo "Temporal at $address is not serving after 3 minutes" >&2; exit 1; fi
  echo "waiting for Temporal at $address ..."
  sleep 2
done

if ! temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; then
  echo "registering namespace $namespace"
  temporal operator namespace create --address "$address" --namespace "$namespace" --retention 24h
fi

# Right after registration the namespace may take a moment to reach every service.
tries=0
until existing="$(temporal operator search-attribute list --address "$address" --namespace "$namespace" 2>/dev/null)"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 30 ]; then echo "namespace $namespace is not usable after 1 minute" >&2; exit 1; fi
  sleep 2
done
for pair in ContractStatus=Keyword CurrentStep=Keyword SubmitterId=Keyword CustomerCountry=Keyword ContractAmount=Double; do
  name="${pair%%=*}"
  type="${pair#*=}"
  if printf '%s\n' "$existing" | grep -qw "$name"; then continue; fi
  echo "registering search attribute $name ($type)"
  temporal operator search-attribute create --address "$address" --namespace "$namespace" --name "$name" --type "$type"
done
echo "namespace and search attributes ready"
