#!/usr/bin/env bash
# Runs every test. The test fixture starts its own throwaway PostgreSQL from the installed server
# binaries (installed here with apt when missing and allowed), or uses TEST_DATABASE_URL; the local
# Auther runs in-process; the Swagger UI test drives Debian's chromium (installed the same way).
# Nothing needs to be running first. Extra arguments go to `dotnet test`
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
source scripts/chromium.sh
chromium_ensure_installed
scripts/check-compose.sh
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
# Each failed test with its message, up to its stack trace.
awk '/^  Failed /{show=1} /^  Stack Trace:/{show=0} show' "$results"/*.log
exit "$status"
