#!/bin/sh
# docker-compose one-shot (temporalio/admin-tools image): creates Temporal's two databases and
# brings their schemas to the version embedded in temporal-sql-tool, as
# scripts/lib/temporal-cluster.ts does for `npm run start:cluster`. Safe on every `up`:
# create-database ignores an existing database, setup-schema -v 0.0 does not lower a version that
# is already higher, and update-schema applies only what is missing. The visibility schema creates
# btree_gin itself; the temporal role owns the database, and btree_gin is a trusted extension.
set -eu
: "${SQL_HOST:=postgres}" "${SQL_PORT:=5432}" "${SQL_USER:=temporal}" "${SQL_PASSWORD:=temporal}"
export SQL_PASSWORD

tries=0
until temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" --db postgres create-database --defaultdb postgres >/dev/null 2>&1 \
  || [ "$tries" -gt 60 ]; do
  tries=$((tries + 1))
  echo "waiting for PostgreSQL at $SQL_HOST:$SQL_PORT ..."
  sleep 2
done

for pair in temporal:postgresql/v12/temporal temporal_visibility:postgresql/v12/visibility; do
  db="${pair%%:*}"
  schema="${pair#*:}"
  echo "schema of $db ($schema)"
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" --db "$db" create-database --defaultdb postgres
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" --db "$db" setup-schema -v 0.0
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" --db "$db" update-schema --schema-name "$schema"
done
echo "Temporal schemas ready"
