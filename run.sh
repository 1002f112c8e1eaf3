#!/usr/bin/env bash
# Starts the whole app locally: PostgreSQL (from the installed server binaries, data under .data/),
# migrations, the API on a fixed port, the local Auther beside it and the web app (a BFF signing users in
# through that Auther). Ctrl-C stops everything this script started.
# Set ConnectionStrings__Default (or DATABASE_URL) to use an existing database instead.
#   ./run.sh --deps          everything but the API, for `dotnet run --project src/App.Api` or an IDE (Development profile)
#   ./run.sh --instances 3   N API instances (ports API_PORT+1..+N) behind HAProxy on API_PORT, as in production
#   ./run.sh --pgbouncer     queries through PgBouncer in transaction mode (PGBOUNCER_PORT, 6432); LISTEN, locks and
#                            migrations straight to PostgreSQL (ConnectionStrings__Direct). Both flags may be combined.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
source scripts/postgres.sh
source scripts/cluster.sh

usage() { echo "Usage: ./run.sh [--deps] [--instances N] [--pgbouncer]" >&2; exit 2; }
deps_only=""
instances=1
pooler=""
while [ $# -gt 0 ]; do
  case "$1" in
    --deps) deps_only=1 ;;
    --instances) [ $# -ge 2 ] || usage; instances=$2; shift ;;
    --instances=*) instances=${1#*=} ;;
    --pgbouncer) pooler=1 ;;
    *) usage ;;
  esac
  shift
done
case "$instances" in ''|*[!0-9]*|0) usage ;; esac

API_PORT=${API_PORT:-5080}
PG_PORT=${PG_PORT:-54329}
WEB_PORT=${WEB_PORT:-5070}
# The one-file SPA of docs/spa, when served on this port, is registered too (docs/web-client.md).
SPA_PORT=${SPA_PORT:-5071}
mkdir -p .data

# One run per checkout: a second one would delete the first's tokens, overwrite its logs and fight over its
# ports. The lock is released by the kernel however this script ends; children do not inherit it (9>&-).
exec 9>.data/run.lock
if ! flock -n 9; then
  echo "./run.sh is already running in this checkout (pid $(cat .data/run.pid 2>/dev/null || echo '?')): use it, or stop it with Ctrl-C first." >&2
  exit 1
fi
echo $$ > .data/run.pid

started_pg=""
started_pgbouncer=""
pids=()

cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$started_pgbouncer" ]; then pgbouncer_stop "$started_pgbouncer"; echo "PgBouncer stopped."; fi
  if [ -n "$started_pg" ]; then pg_stop "$started_pg" 9>&-; echo "PostgreSQL stopped."; fi
  rm -f .data/run.pid
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
# Added after the first three: a checkout made before the web app gets its secret now.
if ! grep -q '^DEV_WEB_CLIENT_SECRET=' .data/dev.env; then
  echo "DEV_WEB_CLIENT_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')" >> .data/dev.env
fi
source .data/dev.env

if [ -z "${ConnectionStrings__Default:-}" ] && [ -z "${DATABASE_URL:-}" ]; then
  pg_ensure_installed
  datadir=$(pg_usable_datadir "$root/.data/postgres")
  if pg_is_running "$datadir"; then
    echo "PostgreSQL already running in $datadir"
  else
    echo "Starting PostgreSQL on 127.0.0.1:$PG_PORT (data: $datadir)..."
    pg_start "$datadir" "$PG_PORT" "$root/.data/postgres.log" 9>&-
    started_pg=$datadir
  fi
  bindir=$(pg_bindir)
  if ! "$bindir/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='app'" postgres | grep -q 1; then
    "$bindir/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE app" postgres
  fi
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Database=app;Username=postgres"
  if [ -n "$pooler" ]; then
    pgbouncer_ensure_installed
    PGBOUNCER_PORT=${PGBOUNCER_PORT:-6432}
    pgb_dir=$(pg_usable_datadir "$root/.data/pgbouncer")
    echo "Starting PgBouncer (transaction mode) on 127.0.0.1:$PGBOUNCER_PORT..."
    pgbouncer_start "$pgb_dir" "$PGBOUNCER_PORT" 127.0.0.1 "$PG_PORT" postgres 9>&-
    started_pgbouncer=$pgb_dir
    export ConnectionStrings__Direct=$ConnectionStrings__Default
    export ConnectionStrings__Default="Host=127.0.0.1;Port=$PGBOUNCER_PORT;Database=app;Username=postgres"
  fi
elif [ -n "$pooler" ]; then
  echo "--pgbouncer fronts run.sh's own PostgreSQL; with your own database, run your pooler and set ConnectionStrings__Direct." >&2
  exit 2
fi

# Only what this script runs (not the tests or benchmarks); -v minimal prints each project as it is built.
echo "Building the API, the web app and the local Auther (the first build takes a few minutes)..."
for project in src/App.Api/App.Api.csproj src/App.Web/App.Web.csproj src/Auther.Dev/Auther.Dev.csproj; do
  dotnet build "$project" -nologo -v minimal -clp:NoSummary 9>&-
done

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
# No Auther__Url given: run the local Auther (src/Auther.Dev) beside the API and point the API at it.
AUTHER_PORT=${AUTHER_PORT:-5090}
start_auther=""
if [ -z "${Auther__Url:-}" ]; then start_auther=1; fi
export Auther__Url=${Auther__Url:-http://localhost:$AUTHER_PORT}
# The session JWT's audience first (the local Auther issues it), then the OAuth clients' ids below.
export Auther__Audiences__0=${Auther__Audiences__0:-app-api}
export Auther__WebhookSecrets__0=${Auther__WebhookSecrets__0:-$DEV_WEBHOOK_SECRET}
export Auther__SignupSecret=${Auther__SignupSecret:-$DEV_SIGNUP_SECRET}
export Auther__AdminApiKey=${Auther__AdminApiKey:-$DEV_ADMIN_API_KEY}
# The web app's OAuth client: its id_tokens are accepted by the API (as the SPA's are), the SPA may call it by CORS.
WEB_CLIENT_ID=${WEB_CLIENT_ID:-web-app}
WEB_CLIENT_SECRET=${WEB_CLIENT_SECRET:-$DEV_WEB_CLIENT_SECRET}
export Auther__Audiences__1=${Auther__Audiences__1:-$WEB_CLIENT_ID}
export Auther__Audiences__2=${Auther__Audiences__2:-spa}
export Cors__AllowedOrigins__0=${Cors__AllowedOrigins__0:-http://localhost:$SPA_PORT}

# Everything `dotnet run --project src/App.Api` (and src/App.Web) needs to use what this script starts, ports
# included, for `set -a; . .data/api.env; set +a` or an IDE's env-file setting. Per checkout, never committed
# (.data/ is git-ignored); rewritten on every run, so moved ports follow.
write_env() { # FILE NAME... : NAME='value' lines of those of the named variables that are set
  local file=$1 name; shift
  : > "$file"; chmod 600 "$file"
  for name in "$@"; do
    if [ -n "${!name:-}" ]; then printf "%s='%s'\n" "$name" "${!name}" >> "$file"; fi
  done
}
# Urls (plain, not ASPNETCORE_URLS) wins over the launch profile's applicationUrl, which dotnet run sets as ASPNETCORE_URLS.
( Urls="http://localhost:$API_PORT"
  write_env .data/api.env ASPNETCORE_ENVIRONMENT Urls ConnectionStrings__Default ConnectionStrings__Direct DATABASE_URL \
    Auther__Url Auther__Audiences__0 Auther__Audiences__1 Auther__Audiences__2 Auther__WebhookSecrets__0 Auther__SignupSecret \
    Auther__AdminApiKey Auther__AdminAuth Auther__AdminEmail Auther__AdminPassword Auther__AdminSessionToken Cors__AllowedOrigins__0
)
( # The web app's own names, in a subshell so the API started below does not see them.
  Urls="http://localhost:$WEB_PORT" Api__Url="http://localhost:$API_PORT"
  Auther__ClientId=$WEB_CLIENT_ID Auther__ClientSecret=$WEB_CLIENT_SECRET
  write_env .data/web.env ASPNETCORE_ENVIRONMENT Urls ConnectionStrings__Default ConnectionStrings__Direct DATABASE_URL \
    Api__Url Auther__Url Auther__ClientId Auther__ClientSecret
)

echo "Applying migrations..."
dotnet src/App.Api/bin/Debug/net10.0/App.Api.dll migrate 9>&-
dotnet src/App.Web/bin/Debug/net10.0/App.Web.dll migrate 9>&-

# start_api PORT: one API instance in the background, returning once it answers /health/live.
start_api() {
  local port=$1 pid
  dotnet src/App.Api/bin/Debug/net10.0/App.Api.dll --contentRoot "$root/src/App.Api" --urls "http://localhost:$port" 9>&- &
  pid=$!
  pids+=($pid)
  for _ in $(seq 1 60); do
    if curl -fsS "http://localhost:$port/health/live" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "The API on port $port exited; see its output above." >&2; exit 1; fi
    sleep 0.5
  done
}

if [ -z "$deps_only" ] && [ "$instances" -eq 1 ]; then
  start_api "$API_PORT"
elif [ -z "$deps_only" ]; then
  haproxy_ensure_installed
  instance_ports=()
  for i in $(seq 1 "$instances"); do instance_ports+=($((API_PORT + i))); done
  echo "Starting $instances API instances on ports ${instance_ports[*]}..."
  for port in "${instance_ports[@]}"; do start_api "$port"; done
  haproxy_servers_cfg "$API_PORT" "${instance_ports[@]}" > .data/haproxy-servers.cfg
  echo "Starting HAProxy on 127.0.0.1:$API_PORT (checks /health/ready of each instance)..."
  "$(cluster_bin haproxy)" -db -f deploy/haproxy/defaults.cfg -f .data/haproxy-servers.cfg 9>&- &
  pids+=($!)
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$API_PORT/health/live" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
fi

if [ -n "$start_auther" ]; then
  # Started after the API so its seeding webhooks find the receiver up. The issuer is the URL the API
  # trusts (Auther__Url); state (keys, users) persists in .data/, so tokens survive a restart.
  echo "Starting the local Auther on $Auther__Url (log: .data/auther-dev.log)..."
  rm -f .data/auther-dev-tokens.env
  # Secrets by environment, not on the command line (which every local user can read in ps).
  AUTHER_DEV_WEBHOOK_SECRET=$DEV_WEBHOOK_SECRET AUTHER_DEV_SIGNUP_SECRET=$DEV_SIGNUP_SECRET AUTHER_DEV_ADMIN_API_KEY=$DEV_ADMIN_API_KEY \
  AUTHER_DEV_OIDC_CLIENT_SECRETS="$WEB_CLIENT_ID=$WEB_CLIENT_SECRET" \
  dotnet src/Auther.Dev/bin/Debug/net10.0/Auther.Dev.dll serve --port "$AUTHER_PORT" \
    --state .data/auther-dev.json --issuer "$Auther__Url" --audience "$Auther__Audiences__0" \
    --webhook "http://localhost:$API_PORT/api/webhooks/auther" --webhook-format native \
    --oidc-client "$WEB_CLIENT_ID=http://localhost:$WEB_PORT/signin-oidc" --cors-origin "http://localhost:$WEB_PORT" \
    --oidc-client "spa=http://localhost:$SPA_PORT/" --cors-origin "http://localhost:$SPA_PORT" \
    --seed --seed-env .data/auther-dev-tokens.env --app-url "http://localhost:$API_PORT" \
    >.data/auther-dev.log 2>&1 9>&- &
  auther_pid=$!
  pids+=($auther_pid)
  for _ in $(seq 1 60); do
    if [ -s .data/auther-dev-tokens.env ] && curl -fsS "$Auther__Url/api/auth/jwks" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$auther_pid" 2>/dev/null; then echo "The local Auther exited; see .data/auther-dev.log." >&2; cat .data/auther-dev.log >&2; exit 1; fi
    sleep 0.5
  done
fi

# Behind HAProxy, an instance gets traffic once its readiness passed twice, which needs Auther's keys: wait for it.
if [ -z "$deps_only" ] && [ "$instances" -gt 1 ]; then
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$API_PORT/health/ready" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
fi

if [ -z "$deps_only" ]; then
  # The web app (BFF): sessions in this PostgreSQL, the API behind /api, sign-in at the Auther above. Its client
  # secret goes by environment, never on the command line.
  Api__Url="http://localhost:$API_PORT" Auther__ClientId="$WEB_CLIENT_ID" Auther__ClientSecret="$WEB_CLIENT_SECRET" \
  dotnet src/App.Web/bin/Debug/net10.0/App.Web.dll --contentRoot "$root/src/App.Web" --urls "http://localhost:$WEB_PORT" \
    >.data/web.log 2>&1 9>&- &
  web_pid=$!
  pids+=($web_pid)
  for _ in $(seq 1 60); do
    if curl -fsS "http://localhost:$WEB_PORT/health/live" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$web_pid" 2>/dev/null; then echo "The web app exited; see .data/web.log." >&2; cat .data/web.log >&2; exit 1; fi
    sleep 0.5
  done
fi

# Prints a seeded token only if the API accepts it now: a user deactivated in an earlier run keeps its
# account (state persists in .data/), and a token that answers 403 is worse than none.
usable_token() {
  local name=$1 token=$2 answer status
  answer=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $token" "http://localhost:$API_PORT/api/me" 2>/dev/null || true)
  status=${answer##*$'\n'}
  if [ "$status" = 200 ]; then
    printf '    export %s=%s\n\n' "$name" "$token"
  else
    printf '    %s: not usable (GET /api/me answers %s: %s)\n\n' "$name" "$status" \
      "$(printf '%s' "${answer%$'\n'*}" | sed -n 's/.*"title":"\([^"]*\)".*/\1/p')"
  fi
}

if [ -n "$deps_only" ]; then
  cat <<DEPS

  PostgreSQL  127.0.0.1:$PG_PORT (database app)
  Auther      $Auther__Url  (local; tokens: source .data/auther-dev-tokens.env)

  Now start the API (it must listen on $API_PORT: the local Auther sends its webhooks there):

    set -a; . .data/api.env; set +a; dotnet run --project src/App.Api

  or give your IDE's run configuration .data/api.env (.data/web.env for src/App.Web). They set:

DEPS
  sed 's/^/    export /' .data/api.env
  echo
  echo "  Press Ctrl-C to stop."
  # With an existing database and a real Auther nothing runs here; still hold the lock until Ctrl-C.
  if [ ${#pids[@]} -eq 0 ]; then sleep infinity 9>&- & pids+=($!); fi
  wait "${pids[0]}"
  exit 0
fi

cat <<INFO

  Web app: http://localhost:$WEB_PORT
  API         http://localhost:$API_PORT
  Swagger UI  http://localhost:$API_PORT/swagger
  Health      http://localhost:$API_PORT/health/ready
INFO
if [ "$instances" -gt 1 ]; then
  echo "  Instances   $instances behind HAProxy: ports ${instance_ports[*]} (stop one with kill -TERM: it drains, HAProxy takes it out)"
fi
if [ -n "$started_pgbouncer" ]; then
  echo "  PgBouncer   127.0.0.1:$PGBOUNCER_PORT (transaction mode; LISTEN, locks and migrations go to 127.0.0.1:$PG_PORT)"
fi

if [ -n "$start_auther" ] && [ -s .data/auther-dev-tokens.env ]; then
  source .data/auther-dev-tokens.env
  cat <<AUTHER
  Auther      $Auther__Url  (local, test infrastructure; dashboard: $Auther__Url/)

  Seeded users: admin@example.com (role admin), user@example.com (role user). Sign in to the web app with:

    admin@example.com  ${ADMIN_PASSWORD:-(password not in .data/auther-dev-tokens.env)}
    user@example.com   ${USER_PASSWORD:-(password not in .data/auther-dev-tokens.env)}

  Ready-to-paste tokens:

AUTHER
  usable_token ADMIN_TOKEN "$ADMIN_TOKEN"
  usable_token USER_TOKEN "$USER_TOKEN"
  echo "    curl -H \"Authorization: Bearer \$ADMIN_TOKEN\" http://localhost:$API_PORT/api/me"
fi

echo
echo "Press Ctrl-C to stop."
wait "${pids[0]}"
