#!/usr/bin/env bash
# THE test command: installs what is missing, builds Kiln.slnx once, runs every test project in it and ends
# with one line `N passed, N failed[, N skipped]` summed over the whole suite.
# Exits non-zero when a test failed or a project failed to build or run.
#
#   eng/test.sh                                   # everything
#   eng/test.sh --filter-class '*DigestTests'     # extra args go to `dotnet test` (xunit.v3 MTP filters)
#
# Machine-readable results: artifacts/test-results/<TestProject>.trx, one per test module.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

source eng/env.sh     # checks dotnet; exports KILN_GO and PATH with Go 1.23 first
eng/install-deps.sh

# The real-module corpus: Debian's golang-*-dev packages turned into a file:// module proxy. The tests copy
# its workspaces and serve the proxy over HTTP with nginx. make-proxy is idempotent (a no-op when current).
export KILN_SHARED="${KILN_SHARED:-$(cd "$root/.." && pwd)/shared}"
export KILN_GOPROXY_DIR="${KILN_GOPROXY_DIR:-/tmp/goproxy}"
if [ ! -x "$KILN_SHARED/corpus/make-proxy" ]; then
  echo "error: the shared corpus is missing at $KILN_SHARED (set KILN_SHARED)" >&2
  exit 1
fi
echo "== corpus proxy ($KILN_GOPROXY_DIR)" >&2
"$KILN_SHARED/corpus/make-proxy" -o "$KILN_GOPROXY_DIR" >&2

configuration=Debug
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

summary() { # passed failed skipped
  local line="$1 passed, $2 failed"
  if [ "$3" -gt 0 ]; then line+=", $3 skipped"; fi
  echo "$line"
}

echo "== build Kiln.slnx ($configuration)" >&2
if ! dotnet build Kiln.slnx -c "$configuration" -nologo -v:q -clp:NoSummary; then
  echo "error: build failed; no tests were run" >&2
  summary 0 0 0
  exit 1
fi

# The install artifacts (eng/package.sh: the NativeAOT executable and the tool package), made before the tests
# rather than by the first test that installs them: the end-to-end tests then run the executable users get
# (KILN_E2E_KILN), which also saves the JIT start-up of every kiln they run.
echo "== package (eng/package.sh)" >&2
if ! eng/package.sh >&2; then
  echo "error: eng/package.sh failed; no tests were run" >&2
  summary 0 0 0
  exit 1
fi
export KILN_E2E_KILN="${KILN_E2E_KILN:-$root/artifacts/kiln/kiln}"

echo "== test" >&2
# -p:KilnTestReport=true makes tests/Directory.Build.props give every module its own TRX file named after the
# project (xunit's default names are timestamps, which collide when modules run in parallel).
# Exit code 8 is "zero tests ran": a new, still empty test project or a filter that matches nothing in some
# module is not a failure; the totals below show it.
test_rc=0
dotnet test --solution Kiln.slnx -c "$configuration" --no-build --no-ansi --no-progress \
  --results-directory "$results" -p:KilnTestReport=true --ignore-exit-code 8 "$@" 2>&1 |
  tee "$results/dotnet-test.log" || test_rc=$?

# Sum the TRX counters of every module (attributes of <Counters .../>; no XML tools needed).
passed=0 failed=0 skipped=0 modules=0
counter() { grep -o "<Counters [^>]*>" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o "[0-9][0-9]*" || echo 0; }
shopt -s nullglob
for trx in "$results"/*.trx; do
  modules=$((modules + 1))
  passed=$((passed + $(counter "$trx" passed)))
  skipped=$((skipped + $(counter "$trx" notExecuted)))
  for kind in failed error timeout aborted; do
    failed=$((failed + $(counter "$trx" "$kind")))
  done
done

status=0
started=$(grep -c '^Running tests from ' "$results/dotnet-test.log" || true)
if [ "$modules" -lt "$started" ]; then
  echo "error: $started test modules ran but $modules TRX files were written; the totals are incomplete" >&2
  status=1
fi
if [ "$test_rc" -ne 0 ]; then
  echo "error: dotnet test exited with code $test_rc (a test failed, or a test module crashed or did not run)" >&2
  status=1
fi
if [ "$failed" -gt 0 ]; then status=1; fi
echo "== dotnet format --verify-no-changes" >&2
if ! dotnet format Kiln.slnx --verify-no-changes -v:q >&2; then
  echo "error: code is not formatted; run \`dotnet format Kiln.slnx\`" >&2
  status=1
fi
summary "$passed" "$failed" "$skipped"
exit "$status"
