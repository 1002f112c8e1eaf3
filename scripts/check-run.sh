#!/usr/bin/env bash
# Scripted check of the first ten minutes (not part of ./test.sh: it builds Debug and starts the real stack,
# minutes on a small machine). Uses the default ports (5080, 5090, 54329), which must be free.
#   1. ./run.sh builds only the API and the local Auther, with progress, and comes up;
#   2. a second ./run.sh refuses with one line and leaves the first untouched;
#   3. no secret is visible on a command line (ps);
#   4. a user deactivated in one run gets no token printed in the next;
#   5. ./run.sh --deps with moved ports + `dotnet run --project src/App.Api` with .data/api.env serves /api/me with
#      the printed token (5180, 5190, 54339, which must be free too).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
run_pid=""
fail() { echo "FAIL: $*" >&2; exit 1; }
stop() { if [ -n "$run_pid" ] && kill -0 "$run_pid" 2>/dev/null; then kill -INT "$run_pid"; wait "$run_pid" 2>/dev/null || true; fi; run_pid=""; }
trap 'stop; [ -n "${api_pid:-}" ] && kill -- -"$api_pid" 2>/dev/null; true' EXIT
for port in 5080 5090 54329 5180 5190 54339; do
  if ss -ltn | grep -q ":$port "; then fail "port $port is in use; stop what listens there first."; fi
done

start() { # $1 = log file, rest = run.sh arguments
  local log=$1; shift
  setsid ./run.sh "$@" >"$log" 2>&1 < /dev/null &
  run_pid=$!
  for _ in $(seq 1 900); do
    grep -q "Press Ctrl-C to stop" "$log" && return 0
    kill -0 "$run_pid" 2>/dev/null || { cat "$log" >&2; fail "./run.sh $* exited"; }
    sleep 1
  done
  fail "./run.sh $* did not come up in 15 minutes"
}

echo "1. first ./run.sh"
start "$out/first.log"
grep -q "App.Api ->" "$out/first.log" || fail "no per-project build progress"
! grep -qE "(App\.Tests|Browser\.Tests|App\.Benchmarks|Auther\.Dev\.Tests) ->" "$out/first.log" || fail "run.sh built test projects"
source .data/auther-dev-tokens.env
curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" http://localhost:5080/api/me >/dev/null || fail "ADMIN_TOKEN refused"

echo "2. second ./run.sh"
set +e; ./run.sh >"$out/second.out" 2>"$out/second.err" </dev/null; code=$?; set -e
[ "$code" -ne 0 ] || fail "second run.sh exited 0"
[ "$(wc -l < "$out/second.err")" -eq 1 ] || { cat "$out/second.err" >&2; fail "second run.sh said more than one line"; }
grep -q "already running" "$out/second.err" || fail "second run.sh did not say why"
[ -s .data/auther-dev-tokens.env ] || fail "second run.sh deleted the tokens file"
curl -fsS http://localhost:5080/health/ready >/dev/null || fail "the first stack is no longer ready"

echo "3. secrets on command lines"
source .data/dev.env
for secret in "$DEV_WEBHOOK_SECRET" "$DEV_SIGNUP_SECRET" "$DEV_ADMIN_API_KEY"; do
  ! ps -eo args | grep -v grep | grep -qF -- "$secret" || fail "a secret is visible in ps"
done

echo "4. deactivated user"
user_id=$(curl -fsS -H "Authorization: Bearer $USER_TOKEN" http://localhost:5080/api/me | sed -n 's/.*"user":{"id":"\([^"]*\)".*/\1/p')
[ -n "$user_id" ] || fail "no user id from /api/me"
curl -fsS -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d '{"reason":"check-run"}' \
  "http://localhost:5080/api/users/$user_id/deactivate" >/dev/null || fail "deactivation failed"
stop
start "$out/third.log"
grep -q "USER_TOKEN: not usable" "$out/third.log" || { cat "$out/third.log" >&2; fail "the banner printed a dead USER_TOKEN"; }
grep -q "export ADMIN_TOKEN=" "$out/third.log" || fail "the banner lost ADMIN_TOKEN"
source .data/auther-dev-tokens.env
curl -fsS -X POST -H "Authorization: Bearer $ADMIN_TOKEN" "http://localhost:5080/api/users/$user_id/reactivate" >/dev/null || fail "reactivation failed"
stop

echo "5. ./run.sh --deps with moved ports + dotnet run"
API_PORT=5180 AUTHER_PORT=5190 PG_PORT=54339 start "$out/deps.log" --deps
grep -q "export Urls='http://localhost:5180'" "$out/deps.log" || { cat "$out/deps.log" >&2; fail "--deps did not print the API's settings"; }
grep -q "^Auther__Url='http://localhost:5190'" .data/api.env || fail ".data/api.env lacks the moved Auther port"
grep -q "Port=54339" .data/api.env || fail ".data/api.env lacks the moved PostgreSQL port"
grep -q "^Api__Url='http://localhost:5180'" .data/web.env || fail ".data/web.env lacks the moved API port"
git check-ignore -q .data/api.env || fail ".data/api.env is not git-ignored"
setsid bash -c 'set -a; . .data/api.env; set +a; exec dotnet run --project src/App.Api' >"$out/dotnet-run.log" 2>&1 </dev/null &
api_pid=$!
for _ in $(seq 1 300); do curl -fsS http://localhost:5180/health/live >/dev/null 2>&1 && break; sleep 1; done
source .data/auther-dev-tokens.env
for _ in $(seq 1 30); do curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" http://localhost:5180/api/me >/dev/null 2>&1 && break; sleep 1; done
curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" http://localhost:5180/api/me >/dev/null || { tail -20 "$out/dotnet-run.log" >&2; fail "dotnet run did not serve /api/me"; }
kill -- -"$api_pid"; wait "$api_pid" 2>/dev/null || true; api_pid=""
stop
echo "check-run: OK"
