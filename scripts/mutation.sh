#!/usr/bin/env bash
# Mutation testing (Stryker.NET, a local dotnet tool) of the security- and data-critical code, one area at a
# time: each area names the files Stryker may change and the tests that guard them, so every mutant runs only
# those tests (and, with per-test coverage, only the ones that reach its line). Not part of ./test.sh or CI:
# a full run takes hours on two cores. docs/testing.md says how to read the results.
#
#   scripts/mutation.sh                          every area, one after another
#   scripts/mutation.sh webhook-signatures jwt   only these areas
#   scripts/mutation.sh --list                   the areas, their files and their tests
#   MUTATE='**/Webhooks/*Signature.cs' scripts/mutation.sh webhook-signatures
#                                                only these files, with that area's tests
#
# Shared settings (one worker, Debug build, thresholds, calls never worth mutating) are in stryker-config.json.
# Each area writes .stryker/<area>/: stryker.log, reports/mutation-report.html and .json. The summary at the
# end gives each area's score, mutant counts and duration. Extra Stryker options can follow `--`.
set -euo pipefail
cd "$(dirname "$0")/.."

# name|mutate globs (relative to src/App.Api, space-separated)|test filter (dotnet test --filter syntax).
# The eddsa area's code lives in src/App.AutherKeys (shared with the web app): that project is mutated there.
# Globs and filters name folders and test classes, not full paths: the folders move (ShadowUsers leaves Auth/).
areas=(
  "jwt|**/Jwt/*.cs **/Jwks/*.cs **/Auth/AuthenticationSetup.cs|FullyQualifiedName~App.Tests.Auth."
  "eddsa|**/Ed25519*.cs **/JwkConverter.cs|FullyQualifiedName~Ed25519VerifierTests|FullyQualifiedName~TokenSignatureTests|FullyQualifiedName~SigningAlgorithmTests|FullyQualifiedName~SigningKeyRotationTests|FullyQualifiedName~JwtValidationTests"
  "webhook-signatures|**/Webhooks/*Signature.cs **/Webhooks/WebhookVerifier.cs **/Webhooks/WebhookVerification.cs **/Webhooks/WebhookKeyRing.cs|FullyQualifiedName~WebhookVerifierTests|FullyQualifiedName~SignatureVectorTests|FullyQualifiedName~FixedTimeComparisonTests|FullyQualifiedName~WebhookSecretRotationTests"
  "webhook-ordering|**/Webhooks/WebhookInbox.cs **/Webhooks/WebhookProcessor.cs **/Webhooks/WebhookDispatcher.cs **/Webhooks/WebhookReceiver.cs **/Webhooks/WebhookEnvelope*.cs **/Webhooks/Handlers/*.cs|FullyQualifiedName~App.Tests.Webhooks."
  "shadow-users|**/ShadowUsers/*.cs|FullyQualifiedName~ShadowUser|FullyQualifiedName~BanAndRevocationTests|FullyQualifiedName~ColdStartTests|FullyQualifiedName~DualModeTests|FullyQualifiedName~MeResponseTests|FullyQualifiedName~UserPollTests|FullyQualifiedName~UserEventWebhookTests|FullyQualifiedName~UserDeletedTests|FullyQualifiedName~DeletedUserPayloadTests|FullyQualifiedName~UserDeactivationTests|FullyQualifiedName~DecidingInstanceTests"
  "revocation|**/Revocation/*.cs **/IdentityMiddleware.cs **/Tokens/TokenRevocationEndpoints.cs|FullyQualifiedName~BanAndRevocationTests|FullyQualifiedName~TokenLifetimeTests|FullyQualifiedName~AuditLogTests"
  "organizations|**/Features/Organizations/*.cs **/Permissions/*.cs **/Auth/Policies.cs|FullyQualifiedName~App.Tests.Features.Organizations.|FullyQualifiedName~AuthorizationPolicyTests|FullyQualifiedName~ExpensesTests|FullyQualifiedName~ExpenseAbacTests"
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

# The tests need PostgreSQL's server binaries (the fixture starts its own cluster) and the tool itself.
source scripts/postgres.sh
pg_ensure_installed
dotnet tool restore >/dev/null

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
    if ! (cd tests/App.Tests && dotnet stryker --config-file ../../stryker-config.json --output "$output" "${project[@]}" \
          "${mutate[@]}" --test-case-filter "$filter" --skip-version-check "${extra[@]}") 2>&1 | tee "$output/stryker.log"; then
      status=1
    fi
    minutes=$(( (SECONDS - start) / 60 ))
    score=$(grep -oE 'final mutation score is [0-9.]+ ?%' "$output/stryker.log" | grep -oE '[0-9.]+ ?%' || echo "none")
    counts=$(grep -oE '[0-9]+ +mutants? (got status|have been) [A-Za-z]+' "$output/stryker.log" | tr '\n' ';' || true)
    summary+=("$name: score $score in ${minutes} min (${counts:-no counts}) report: .stryker/$name/reports/mutation-report.html")
  done
done

echo
echo "== Mutation summary"
printf '%s\n' "${summary[@]}"
exit "$status"
