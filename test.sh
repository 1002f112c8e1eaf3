#!/usr/bin/env bash
# Runs every test. The test fixture starts its own throwaway PostgreSQL from the installed server
# binaries (installed here with apt when missing and allowed), or uses TEST_DATABASE_URL; the local
# Auther runs in-process. Nothing needs to be running first. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  source scripts/postgres.sh
  pg_ensure_installed
fi
dotnet build App.sln -c Release -nologo -v quiet
dotnet test App.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
