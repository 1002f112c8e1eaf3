#!/usr/bin/env bash
# Runs every test. The test fixture starts its own throwaway PostgreSQL from the installed server
# binaries (or uses TEST_DATABASE_URL), so nothing needs to be running first.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build App.sln -c Release -nologo -v quiet
dotnet test App.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
