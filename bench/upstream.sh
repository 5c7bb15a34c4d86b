#!/usr/bin/env bash
# Upstream conformance over every module of the corpus proxy: each module unpacked as a main module (go mod tidy
# against the proxy; skipped with the reason where tidy fails, where there are no tests, or where it needs a newer
# Go), then `kiln build ./...` against `go build ./...` (success) and `kiln test -short ./...` against
# `go test -short ./...` (each package's verdict). CI runs a fixed subset of the same comparison
# (UpstreamConformanceTests); this runs them all, one module after another, and takes a while (about a minute a module).
#
#   bench/upstream.sh [REPORT]   # default bench/results/<date>-upstream.tsv: module, same|different|skipped, detail;
#                                # its last line holds the counts; a report already there is resumed
#
# Needs eng/install-deps.sh (Go 1.23) and the corpus proxy (shared/corpus/make-proxy, run by eng/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
report="$(realpath -m "${1:-$root/bench/results/$(date +%F)-upstream.tsv}")"

source eng/env.sh
export KILN_SHARED="${KILN_SHARED:-$(cd "$root/.." && pwd)/shared}"
export KILN_GOPROXY_DIR="${KILN_GOPROXY_DIR:-/tmp/goproxy}"
[ -d "$KILN_GOPROXY_DIR/github.com" ] || { echo "error: corpus proxy missing at $KILN_GOPROXY_DIR: run $KILN_SHARED/corpus/make-proxy" >&2; exit 1; }

echo "== build the tests" >&2
dotnet build tests/Kiln.E2E.Tests -c Debug -nologo -v:q -clp:NoSummary >&2
echo "== every proxy module (report: $report)" >&2
KILN_UPSTREAM_REPORT="$report" dotnet test --project tests/Kiln.E2E.Tests --no-build \
  --filter-method '*EveryProxyModule_ReportOfSameDifferentAndSkipped' >&2
tail -n 1 "$report"
