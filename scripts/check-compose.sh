#!/usr/bin/env bash
# Scripted check of docker-compose.yml (Docker is optional here, so this reads the file rather than running it):
# the local Auther starts after the API is healthy, PostgreSQL's host port differs from run.sh's, no secret
# is passed on a command line, the web app sends browsers to an Auther URL the host can reach, and the README
# says where the tokens are.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
service() { awk -v name="  $1:" '$0 == name {on=1; next} on && /^  [a-z]/ {on=0} on' docker-compose.yml; }

service auther | tr -d ' \n' | grep -q 'depends_on:api:condition:service_healthy' \
  || { echo "docker-compose.yml: auther must wait for api (depends_on api: condition: service_healthy)." >&2; fail=1; }
service api | grep -q 'healthcheck:' || { echo "docker-compose.yml: api needs a healthcheck for auther to wait on." >&2; fail=1; }
run_pg_port=$(sed -n 's/^PG_PORT=\${PG_PORT:-\([0-9]*\)}$/\1/p' run.sh)
if service postgres | grep -qE "\"$run_pg_port:"; then
  echo "docker-compose.yml: PostgreSQL's host port $run_pg_port clashes with run.sh's." >&2; fail=1
fi
service web | grep -qE 'Auther__PublicUrl: http://localhost:[0-9]+' \
  || { echo "docker-compose.yml: web needs Auther__PublicUrl on localhost (auther:5090 is unreachable from the host's browser)." >&2; fail=1; }
if grep -nE -- '--(webhook-secret|signup-secret|admin-api-key|admin-session-token|oidc-client-secret)' docker-compose.yml run.sh >&2; then
  echo "Secrets on a command line (visible in ps): pass them by environment." >&2; fail=1
fi
grep -q 'docker compose logs auther' README.md || { echo "README.md must say where the tokens are: docker compose logs auther." >&2; fail=1; }
[ "$fail" = 0 ] && echo "compose: OK"
exit "$fail"
