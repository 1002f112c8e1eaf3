#!/usr/bin/env bash
# Starts the whole app locally: PostgreSQL (from the installed server binaries, data under .data/),
# migrations, the API on a fixed port and the local Auther beside it. Ctrl-C stops everything this script started.
# Set ConnectionStrings__Default (or DATABASE_URL) to use an existing database instead.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
source scripts/postgres.sh

API_PORT=${API_PORT:-5080}
PG_PORT=${PG_PORT:-54329}
mkdir -p .data
started_pg=""
pids=()

cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$started_pg" ]; then pg_stop "$started_pg"; echo "PostgreSQL stopped."; fi
}
trap cleanup INT TERM EXIT

# Development secrets: generated once per checkout, never committed.
if [ ! -f .data/dev.env ]; then
  secret() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
  {
    echo "DEV_WEBHOOK_SECRET=whsec_$(secret)"
    echo "DEV_SIGNUP_SECRET=$(secret)$(secret)"
    echo "DEV_ADMIN_API_KEY=dev_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  } > .data/dev.env
fi
source .data/dev.env

if [ -z "${ConnectionStrings__Default:-}" ] && [ -z "${DATABASE_URL:-}" ]; then
  pg_ensure_installed
  datadir=$(pg_usable_datadir "$root/.data/postgres")
  if pg_is_running "$datadir"; then
    echo "PostgreSQL already running in $datadir"
  else
    echo "Starting PostgreSQL on 127.0.0.1:$PG_PORT (data: $datadir)..."
    pg_start "$datadir" "$PG_PORT" "$root/.data/postgres.log"
    started_pg=$datadir
  fi
  bindir=$(pg_bindir)
  if ! "$bindir/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='app'" postgres | grep -q 1; then
    "$bindir/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE app" postgres
  fi
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Database=app;Username=postgres"
fi

echo "Building..."
dotnet build App.sln -nologo -v quiet

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
# No Auther__Url given: run the local Auther (src/Auther.Dev) beside the API and point the API at it.
AUTHER_PORT=${AUTHER_PORT:-5090}
start_auther=""
if [ -z "${Auther__Url:-}" ]; then start_auther=1; fi
export Auther__Url=${Auther__Url:-http://localhost:$AUTHER_PORT}
export Auther__Audience=${Auther__Audience:-app-api}
export Auther__WebhookSecrets__0=${Auther__WebhookSecrets__0:-$DEV_WEBHOOK_SECRET}
export Auther__SignupSecret=${Auther__SignupSecret:-$DEV_SIGNUP_SECRET}
export Auther__AdminApiKey=${Auther__AdminApiKey:-$DEV_ADMIN_API_KEY}

echo "Applying migrations..."
dotnet src/App.Api/bin/Debug/net10.0/App.Api.dll migrate

dotnet src/App.Api/bin/Debug/net10.0/App.Api.dll --contentRoot "$root/src/App.Api" --urls "http://localhost:$API_PORT" &
pids+=($!)

for _ in $(seq 1 60); do
  if curl -fsS "http://localhost:$API_PORT/health/live" >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "The API exited; see its output above." >&2; exit 1; fi
  sleep 0.5
done

if [ -n "$start_auther" ]; then
  # Started after the API so its seeding webhooks find the receiver up. The issuer is the URL the API
  # trusts (Auther__Url); state (keys, users) persists in .data/, so tokens survive a restart.
  echo "Starting the local Auther on $Auther__Url (log: .data/auther-dev.log)..."
  rm -f .data/auther-dev-tokens.env
  dotnet src/Auther.Dev/bin/Debug/net10.0/Auther.Dev.dll serve --port "$AUTHER_PORT" \
    --state .data/auther-dev.json --issuer "$Auther__Url" --audience "$Auther__Audience" \
    --webhook "http://localhost:$API_PORT/api/webhooks/auther" --webhook-secret "$DEV_WEBHOOK_SECRET" --webhook-format native \
    --signup-secret "$DEV_SIGNUP_SECRET" --admin-api-key "$DEV_ADMIN_API_KEY" \
    --seed --seed-env .data/auther-dev-tokens.env --app-url "http://localhost:$API_PORT" \
    >.data/auther-dev.log 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do
    if [ -s .data/auther-dev-tokens.env ] && curl -fsS "$Auther__Url/api/auth/jwks" >/dev/null 2>&1; then break; fi
    if ! kill -0 "${pids[1]}" 2>/dev/null; then echo "The local Auther exited; see .data/auther-dev.log." >&2; cat .data/auther-dev.log >&2; exit 1; fi
    sleep 0.5
  done
fi

cat <<INFO

  API         http://localhost:$API_PORT
  Swagger UI  http://localhost:$API_PORT/swagger
  Health      http://localhost:$API_PORT/health/ready
INFO

if [ -n "$start_auther" ] && [ -s .data/auther-dev-tokens.env ]; then
  source .data/auther-dev-tokens.env
  cat <<AUTHER
  Auther      $Auther__Url  (local, test infrastructure; dashboard: $Auther__Url/)

  Seeded users: admin@example.com (role admin), user@example.com (role user). Ready-to-paste tokens:

    export ADMIN_TOKEN=$ADMIN_TOKEN

    export USER_TOKEN=$USER_TOKEN

    curl -H "Authorization: Bearer \$ADMIN_TOKEN" http://localhost:$API_PORT/api/me
AUTHER
fi

echo
echo "Press Ctrl-C to stop."
wait "${pids[0]}"
