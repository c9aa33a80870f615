#!/bin/bash
# Creates one PostgreSQL database per service. Run once by the postgres image's
# entrypoint (mounted into /docker-entrypoint-initdb.d) on an empty data volume.
# Override the list with GRANTS_DATABASES="db1 db2 ..." if needed.
set -euo pipefail

databases="${GRANTS_DATABASES:-grants_gateway grants_calls grants_applications grants_evaluation grants_disbursement grants_notifications}"

for db in $databases; do
  echo "init-databases: ensuring database ${db}"
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}" \
    --set=db="${db}" <<'EOSQL'
SELECT format('CREATE DATABASE %I', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
EOSQL
done
