#!/usr/bin/env bash
# Mutation testing (Stryker.NET, a local dotnet tool) of the security- and data-critical code, one area at a
# time: each area names the files Stryker may change and the tests that guard them, so every mutant runs only
# those tests (and, with per-test coverage, only the ones that reach its line). Not part of ./test.sh or CI:
# a full run takes hours on two cores. docs/testing.md says how to read the results.
#
#   scripts/mutation.sh                          every area, one after another
#   scripts/mutation.sh webhook-signatures jwt   only these areas
#   NICE=19 scripts/mutation.sh eddsa            at the lowest priority (default nice 10)
#   MUTATION_PG_PORT=55480 scripts/mutation.sh    the shared PostgreSQL on another port (default 55471)
#   scripts/mutation.sh --list                   the areas, their files and their tests
#   MUTATE='**/Webhooks/*Signature.cs' scripts/mutation.sh webhook-signatures
#                                                only these files, with that area's tests
#
# Shared settings (one worker, Debug build, thresholds, calls never worth mutating) are in stryker-config.json.
# Each area writes .stryker/<area>/: stryker.log, reports/mutation-report.html and .json. The summary at the
# end gives each area's score, mutant counts and minutes, also appended as a row to .stryker/scores.md. Extra Stryker options can follow `--`.
set -euo pipefail
cd "$(dirname "$0")/.."

# name|mutate globs (relative to the mutated project; a leading ! excludes)|test filter (dotnet test --filter syntax).
# ShadowUsers/ is two areas: its in-memory parts (cache, channel messages, refresher, lookup, precedence) have unit
# tests and run in minutes; the store, provisioner and listener are on the path of nearly every integration test, so
# each of their mutants runs most of the area's 151 tests (about 45 s a mutant on a quiet machine, hours in all).
# The eddsa area's code lives in src/App.AutherKeys (shared with the web app): that project is mutated there, so
# App.Tests references it directly (Stryker mutates only a project the test project references).
# Each filter names the test classes of its area only: a mutant that no selected test reaches is "no coverage"
# at once, and a broad filter (all of App.Tests.Auth) makes Stryker's first runs take an hour on two cores.
areas=(
  "jwt|**/Auth/Jwt/*.cs **/Auth/Jwks/*.cs **/Auth/AuthenticationSetup.cs|FullyQualifiedName~JwtValidationTests|FullyQualifiedName~IssuerPinningTests|FullyQualifiedName~KeyRotationTests|FullyQualifiedName~TokenSignatureTests|FullyQualifiedName~AlgorithmAllowListTests|FullyQualifiedName~SigningAlgorithmTests|FullyQualifiedName~TokenPrecheckTests|FullyQualifiedName~TokenClaimsTests|FullyQualifiedName~HostileClaimsTests|FullyQualifiedName~JwksFetchTimeoutTests|FullyQualifiedName~AutherStartsLaterTests|FullyQualifiedName~TokenLifetimeTests|FullyQualifiedName~TokenLifetimeCheckTests|FullyQualifiedName~VerifiedTokenCacheTests|FullyQualifiedName~ColdStartTests|FullyQualifiedName~UnknownKidThrottleTests|FullyQualifiedName~JwksStartupLoggingTests|FullyQualifiedName~TokenRejectionAnswerTests|FullyQualifiedName~KeysUnavailableAnswerTests|FullyQualifiedName~RotationRevalidationAnswerTests|FullyQualifiedName~AutherJwtEventsTests|FullyQualifiedName~RevalidatedIssuerTests|FullyQualifiedName~AutherJwksTests|FullyQualifiedName~JwksHealthCheckTests|FullyQualifiedName~JwksRefreshServiceTests|FullyQualifiedName~JwtBearerSettingsTests|FullyQualifiedName~AuthenticationServicesTests|FullyQualifiedName~TokenPrecheckEdgeTests|FullyQualifiedName~TokenClaimsEdgeTests|FullyQualifiedName~VerifiedTokenKeyTests"
  "eddsa|**/Ed25519*.cs **/JwkConverter.cs|FullyQualifiedName~Ed25519VerifierTests|FullyQualifiedName~Ed25519KeyTests|FullyQualifiedName~JwkConverterTests|FullyQualifiedName~TokenSignatureTests|FullyQualifiedName~SigningAlgorithmTests|FullyQualifiedName~AlgorithmAllowListTests|FullyQualifiedName~KeyRotationTests"
  "webhook-signatures|**/Webhooks/*Signature.cs **/Webhooks/WebhookVerifier.cs **/Webhooks/WebhookVerification.cs **/Webhooks/WebhookKeyRing.cs|FullyQualifiedName~WebhookVerifierTests|FullyQualifiedName~SignatureVectorTests|FullyQualifiedName~FixedTimeComparisonTests|FullyQualifiedName~WebhookSecretRotationTests|FullyQualifiedName~WebhookKeyRingTests"
  "webhook-ordering|**/Webhooks/WebhookInbox.cs **/Webhooks/WebhookProcessor.cs **/Webhooks/WebhookDispatcher.cs **/Webhooks/WebhookReceiver.cs **/Webhooks/WebhookEnvelope*.cs **/Webhooks/Handlers/*.cs|FullyQualifiedName~App.Tests.Webhooks."
  "revocation|**/ShadowUsers/RevocationList.cs **/ShadowUsers/IdentityMiddleware.cs **/Features/Tokens/TokenRevocationEndpoints.cs|FullyQualifiedName~RevocationListTests|FullyQualifiedName~RevokeTokensRequestTests|FullyQualifiedName~BanAndRevocationTests|FullyQualifiedName~DenyListRecoveryTests|FullyQualifiedName~TokenLifetimeTests|FullyQualifiedName~IdentityMiddlewareTests|FullyQualifiedName~DenyListAtStartTests"
  "organizations|**/Features/Organizations/*.cs **/Auth/Permissions/*.cs **/Auth/Policies.cs|FullyQualifiedName~App.Tests.Features.Organizations.|FullyQualifiedName~AuthorizationPolicyTests|FullyQualifiedName~ExpenseAbacTests"
  "shadow-users-memory|**/ShadowUsers/ShadowUserCache.cs **/ShadowUsers/CacheChannel.cs **/ShadowUsers/ShadowUserRefresher.cs **/ShadowUsers/ShadowUserLookup.cs **/ShadowUsers/Precedence.cs|FullyQualifiedName~ShadowUserCacheTests|FullyQualifiedName~CacheChannelTests|FullyQualifiedName~ShadowUserRefresherTests|FullyQualifiedName~ShadowUserLookupTests|FullyQualifiedName~NewUserLookupTests|FullyQualifiedName~PrecedenceTests"
  "shadow-users|**/ShadowUsers/*.cs !**/ShadowUsers/RevocationList.cs !**/ShadowUsers/IdentityMiddleware.cs !**/ShadowUsers/ShadowUserCache.cs !**/ShadowUsers/CacheChannel.cs !**/ShadowUsers/ShadowUserRefresher.cs !**/ShadowUsers/ShadowUserLookup.cs !**/ShadowUsers/Precedence.cs|FullyQualifiedName~App.Tests.ShadowUsers.|FullyQualifiedName~ShadowUserProvisioningTests|FullyQualifiedName~ColdStartTests|FullyQualifiedName~DualModeTests|FullyQualifiedName~LegacySessionMissTests|FullyQualifiedName~MeResponseTests|FullyQualifiedName~UserPollTests|FullyQualifiedName~UserEventWebhookTests|FullyQualifiedName~UserDeletedTests|FullyQualifiedName~DeletedUserPayloadTests|FullyQualifiedName~UserDeactivationTests|FullyQualifiedName~DecidingInstanceTests|FullyQualifiedName~ReconcileTests|FullyQualifiedName~ReconcileBlockTests|FullyQualifiedName~BanAndRevocationTests|FullyQualifiedName~RevokeTokensRequestTests|FullyQualifiedName~SoleOwnerDeletionTests"
)

names() { for area in "${areas[@]}"; do echo "${area%%|*}"; done; }

if [ "${1:-}" = "--list" ]; then
  for area in "${areas[@]}"; do
    IFS='|' read -r name globs filter <<<"$area"
    printf '%s\n  mutates: %s\n  tests:   %s\n' "$name" "$globs" "${area#*|*|}"
  done
  exit 0
fi

selected=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; extra=("$@"); break ;;
    *)
      if ! names | grep -qx -- "$1"; then
        echo "Unknown area '$1'. Areas: $(names | tr '\n' ' ')" >&2
        exit 2
      fi
      selected+=("$1") ;;
  esac
  shift
done
[ ${#selected[@]} -gt 0 ] || mapfile -t selected < <(names)

# One PostgreSQL for the whole run, started here and named by TEST_DATABASE_URL: Stryker starts a test host per
# mutant, and a host that starts its own cluster spends most of a mutant's time in initdb. Each host still
# migrates a fresh template and gives every test class a database of its own, so mutants never share data.
# Durability is off (a throwaway cluster); the server runs as the postgres OS user when this script runs as root.
source scripts/postgres.sh
pg_ensure_installed
dotnet tool restore >/dev/null

port="${MUTATION_PG_PORT:-55471}"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "Port $port is taken: set MUTATION_PG_PORT to a free port." >&2
  exit 2
fi
pgdir=$(pg_usable_datadir "$PWD/.stryker/postgres")
bindir=$(pg_bindir)
pg_stop "$pgdir"
rm -rf "$pgdir"
mkdir -p "$pgdir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir"
chmod 700 "$pgdir"
pg_as_owner "$bindir/initdb" -D "$pgdir" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
pg_as_owner "$bindir/pg_ctl" -D "$pgdir" -l "$pgdir/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $port -k $pgdir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
trap 'pg_stop "$pgdir"; rm -rf "$pgdir"' EXIT
export TEST_DATABASE_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=200;Timeout=30"
echo "== PostgreSQL for every mutant: 127.0.0.1:$port"

# Where each area's result is kept, one markdown table row per run, newest last (docs/testing.md's table is
# copied from it): date, area, score, killed/survived/timeout/no coverage, minutes.
scores="$PWD/.stryker/scores.md"
[ -f "$scores" ] || printf '| date | area | score | killed | survived | timeout | no coverage | minutes |\n|---|---|---|---|---|---|---|---|\n' >"$scores"

# The test hosts run below normal priority (the machine is shared); NICE=19 makes them yield to everything.
niceness="${NICE:-10}"
summary=()
status=0
for wanted in "${selected[@]}"; do
  for area in "${areas[@]}"; do
    [ "${area%%|*}" = "$wanted" ] || continue
    IFS='|' read -r name globs _ <<<"$area"
    globs="${MUTATE:-$globs}"
    filter="${area#*|*|}"
    output="$PWD/.stryker/$name"
    rm -rf "$output"
    mkdir -p "$output"
    read -ra globlist <<<"$globs"
    mutate=()
    for glob in "${globlist[@]}"; do mutate+=(--mutate "$glob"); done
    echo "== $name: mutating $globs"
    start=$SECONDS
    project=()
    if [ "$name" = eddsa ]; then project=(--project App.AutherKeys.csproj); fi
    # Run from the test project's folder: Stryker finds App.Api (or App.AutherKeys) through its project references.
    # MUTATION_RUN=true builds the tests with xunit.mutation.json: one test class at a time, or Stryker's per-test
    # coverage credits a line to whichever test ran beside the one that reached it (false survivors).
    if ! (cd tests/App.Tests && MUTATION_RUN=true nice -n "$niceness" dotnet stryker --config-file ../../stryker-config.json --output "$output" \
          "${project[@]}" "${mutate[@]}" --test-case-filter "$filter" --skip-version-check "${extra[@]}") 2>&1 \
          | tee "$output/stryker.log"; then
      status=1
    fi
    minutes=$(( (SECONDS - start + 30) / 60 ))
    report="$output/reports/mutation-report.json"
    if [ -f "$report" ]; then
      count() { jq "[.files[].mutants[] | select(.status == \"$1\")] | length" "$report"; }
      killed=$(count Killed); survived=$(count Survived); timeout=$(count Timeout); nocov=$(count NoCoverage)
      detected=$((killed + timeout)); valid=$((detected + survived + nocov))
      score=$(awk -v d="$detected" -v v="$valid" 'BEGIN { if (v > 0) printf "%.1f %%", 100 * d / v; else print "n/a" }')
      printf '| %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "$(date -u +%F)" "$name" "$score" "$killed" "$survived" \
        "$timeout" "$nocov" "$minutes" >>"$scores"
      summary+=("$name: $score in $minutes min (killed $killed, survived $survived, timeout $timeout, no coverage $nocov)" \
                "  report: .stryker/$name/reports/mutation-report.html")
    else
      summary+=("$name: no report after $minutes min (see .stryker/$name/stryker.log)")
      status=1
    fi
  done
done

echo
echo "== Mutation summary (rows kept in .stryker/scores.md)"
printf '%s\n' "${summary[@]}"
exit "$status"
