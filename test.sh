#!/usr/bin/env bash
# Runs every test. The test fixture uses TEST_DATABASE_URL, else a PostgreSQL container when a Docker
# engine answers, else its own throwaway PostgreSQL from the installed server binaries (installed here
# with apt when missing and allowed); the local Auther runs in-process; the interop suite starts the real
# better-auth on Node.js, the Swagger UI test drives Debian's chromium and the cluster tests run Debian's
# HAProxy and PgBouncer (each installed with apt/npm when missing; without them the run fails, they are
# never skipped). Nothing needs to be running
# first. Extra arguments go to `dotnet test`
# (e.g. ./test.sh --filter "FullyQualifiedName~Webhooks").
#
# The test projects run one after the other (each already runs its classes in parallel), so two
# suites do not fight over two cores, and the run ends with a summary that names every failed test
# and its message: the last lines of a long CI log are the ones people read. Full results (TRX and
# each project's console output) are kept in .test-results/.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  source scripts/postgres.sh
  pg_ensure_installed
fi
source scripts/node.sh
node_problem=""
if ! node_ensure_installed || ! interop_packages_ensure; then
  node_problem="Interop.Tests cannot run: Node.js 20+, npm or the interop server's packages are missing (see above)."
fi
source scripts/chromium.sh
chromium_ensure_installed
# The cluster tests (tests/App.Tests/Cluster) start real HAProxy and PgBouncer processes.
source scripts/cluster.sh
haproxy_ensure_installed
pgbouncer_ensure_installed
scripts/check-compose.sh
scripts/check-docs.sh
dotnet build App.sln -c Release -nologo -v quiet

results="$PWD/.test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
for project in tests/*.Tests/; do
  name="$(basename "$project")"
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "console;verbosity=minimal" --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    "$@" 2>&1 | tee "$results/$name.log" || status=1
done

echo
echo "== Summary (details in .test-results/)"
# Which PostgreSQL the fixture chose (TEST_DATABASE_URL, a container, or the installed binaries): it says
# so once per test host, in the run's output that the TRX keeps.
grep -ho 'Test PostgreSQL: [^<]*' "$results"/*.trx 2>/dev/null | sort -u || true
for log in "$results"/*.log; do
  name="$(basename "$log" .log)"
  if summary="$(grep -E '^(Passed|Failed)!' "$log")"; then
    echo "$summary"
  elif grep -q 'No test matches the given testcase filter' "$log"; then
    echo "$name: no test matches the filter"
  else
    echo "$name: no result line (the test host did not finish; see its log)"
    status=1
  fi
done
if [ -n "$node_problem" ]; then
  echo "$node_problem"
  status=1
fi
# Each failed test with its message, up to its stack trace.
awk '/^  Failed /{show=1} /^  Stack Trace:/{show=0} show' "$results"/*.log
exit "$status"
