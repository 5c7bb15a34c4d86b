#!/usr/bin/env bash
# Kiln's GOPACKAGESDRIVER against the go command's driver, as an editor meets them: x/tools' gopackages (built from
# the corpus proxy) asks for the package of one file, warm (the driver has answered before, nothing changed).
#
#   bench/driver.sh [--workspace large] [--file internal/core/FILE.go] [--runs N] [--kiln CMD] [--out DIR]
#
# Queries, each timed with GOPACKAGESDRIVER=off (go list underneath) and with `kiln packages-driver`:
#   file-deps   gopackages -deps -test file=F      what gopls asks when a file is opened (metadata of the package,
#                                                  its test variants and every dependency)
#   file-types  gopackages -mode=types file=F      the package type-checked against its imports' export data
# hyperfine, --warmup 2, N runs each; the Markdown table (mean, min-max, ratio Kiln/go) goes to
# DIR/<date>-<machine>-driver.md with the load average before and after.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
workspace=large
file=""
runs=10
kiln="${KILN_CMD:-}"
out="$here/results"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workspace) workspace="$2"; shift 2 ;;
    --file) file="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --kiln) kiln="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "bench/driver.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

shared="${KILN_SHARED:-$(cd "$repo/.." && pwd)/shared}"
proxy="${KILN_GOPROXY_DIR:-/tmp/goproxy}"
gobin="${KILN_GOBIN:-/usr/lib/go-1.23/bin}"
for tool in hyperfine "$gobin/go"; do
  command -v "$tool" >/dev/null || { echo "bench/driver.sh: $tool not found (eng/install-deps.sh installs it)" >&2; exit 3; }
done
[[ -d "$proxy" ]] || { echo "bench/driver.sh: no module proxy at $proxy (run $shared/corpus/make-proxy)" >&2; exit 3; }
if [[ -z "$kiln" ]]; then
  if [[ ! -x "$repo/artifacts/kiln/kiln" || -f "$repo/artifacts/kiln/kiln.dll" ]]; then "$repo/eng/publish.sh" "$repo/artifacts/kiln" >&2; fi
  kiln="$repo/artifacts/kiln/kiln"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-driver-bench-XXXXXX")
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$out" "$work/gpk"

export PATH="$gobin:$PATH" GOPROXY="file://$proxy" GOSUMDB=off GOTOOLCHAIN=local GOWORK=off GOENV=off
export GOMODCACHE="$work/gomodcache" GOCACHE="$work/gocache" KILN_HOME="$work/kiln"
unset GOOS GOARCH

echo "== building gopackages (golang.org/x/tools v0.5.0 from the proxy)" >&2
(cd "$work/gpk" && printf 'module gpk\n\ngo 1.23\n' >go.mod \
  && GOFLAGS=-mod=mod go get golang.org/x/tools@v0.5.0 >&2 \
  && GOFLAGS=-mod=mod go build -o gopackages golang.org/x/tools/go/packages/gopackages)
gopackages="$work/gpk/gopackages"
printf '#!/bin/sh\nexec %s packages-driver -- "$@"\n' "$kiln" >"$work/kiln-driver"
chmod +x "$work/kiln-driver"

cp -r "$shared/corpus/workspaces/$workspace" "$work/ws"
cd "$work/ws"
export GOFLAGS=-mod=readonly
if [[ -z "$file" ]]; then file=$(cd "$work/ws" && ls internal/core/*.go | grep -v _test.go | head -n1); fi
[[ -f "$file" ]] || { echo "bench/driver.sh: no file $file in the $workspace workspace" >&2; exit 2; }
go mod download >&2
$kiln mod download >&2

load() { cut -d' ' -f1-3 /proc/loadavg; }
# The set-up (builds, downloads) raised the load average: let it fall before timing (at most 3 minutes).
for _ in $(seq 36); do awk '{ exit !($1 > 0.5) }' /proc/loadavg || break; sleep 5; done
load_before=$(load)
args=()
for q in file-deps file-types; do
  case "$q" in
    file-deps) flags="-deps -test" ;;
    file-types) flags="-mode=types" ;;
  esac
  args+=(--command-name "go $q" "GOPACKAGESDRIVER=off $gopackages $flags file=$work/ws/$file >/dev/null")
  args+=(--command-name "kiln $q" "GOPACKAGESDRIVER=$work/kiln-driver $gopackages $flags file=$work/ws/$file >/dev/null")
done
hyperfine --shell bash --warmup 2 --runs "$runs" --style basic --export-json "$work/times.json" "${args[@]}" >&2
load_after=$(load)

result="$out/$(date +%F)-$(hostname -s)-driver.md"
{
  echo "# Kiln's GOPACKAGESDRIVER vs the go command's (bench/driver.sh)"
  echo
  echo "$(date +%F), $(hostname -s): $(nproc) cores, $(go version | cut -d' ' -f3), kiln \`$kiln\`, $workspace workspace, file \`$file\`."
  echo "Load average (1, 5, 15 min) before: $load_before; after: $load_after. hyperfine --warmup 2 --runs $runs; gopackages of x/tools v0.5.0."
  echo
  echo "| query | kiln mean (min–max) | go mean (min–max) | kiln / go |"
  echo "|---|---|---|---|"
  for q in file-deps file-types; do
    jq -r --arg q "$q" '
      def t(n): .results[] | select(.command == n);
      def ms: . * 1000 | round;
      (t("kiln " + $q)) as $k | (t("go " + $q)) as $g
      | "| \($q) | \($k.mean | ms) ms (\($k.min | ms)–\($k.max | ms)) | \($g.mean | ms) ms (\($g.min | ms)–\($g.max | ms)) | \(($k.mean / $g.mean * 100 | round) / 100)× |"' "$work/times.json"
  done
} >"$result"
cat "$result"
