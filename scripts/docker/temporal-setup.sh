#!/bin/sh
# docker-compose one-shot (temporalio/admin-tools image): waits for the Temporal server, then
# registers Greenlight's custom search attributes in the namespace, skipping those that exist.
# `npm start` gets the same attributes from `temporal server start-dev --search-attribute`.
set -eu
address="${TEMPORAL_ADDRESS:-temporal:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"

tries=0
until temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -gt 90 ]; then echo "Temporal at $address has no namespace $namespace after 3 minutes" >&2; exit 1; fi
  echo "waiting for Temporal at $address ..."
  sleep 2
done

existing="$(temporal operator search-attribute list --address "$address" --namespace "$namespace")"
for pair in ContractStatus=Keyword CurrentStep=Keyword SubmitterId=Keyword CustomerCountry=Keyword ContractAmount=Double; do
  name="${pair%%=*}"
  type="${pair#*=}"
  if printf '%s\n' "$existing" | grep -qw "$name"; then continue; fi
  echo "registering search attribute $name ($type)"
  temporal operator search-attribute create --address "$address" --namespace "$namespace" --name "$name" --type "$type"
done
echo "search attributes ready"
