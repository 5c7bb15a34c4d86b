#!/usr/bin/env bash
# Kiln against the go command, side by side in one run, on the corpus workspaces (see bench/README.md).
#
#   bench/run.sh [--smoke] [--runs N] [--workspaces "small medium large"] [--kiln CMD] [--out DIR]
#
# For each workspace (copied to a temp dir), modules are downloaded first for both tools: `kiln mod download`
# into a seed Kiln store, `go mod download` into a temp GOMODCACHE. Then each round runs every scenario once,
# Kiln and go alternately (one hyperfine call per round, --runs 1 per command), for N rounds:
#   cold list: `kiln list --deps ./...` on a copy of the seed store (modules only, no analysis results)
#              vs `go list -deps ./...` with an empty GOCACHE (both emptied in hyperfine's --prepare, untimed)
#   warm list: the same commands again on a store / GOCACHE that already holds everything
# It prints a Markdown table (median, min-max, ratio Kiln/go) and writes it to DIR/<date>-<machine>.md.
# --smoke: the small workspace, one round, output under a temp dir unless --out; fails if anything fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=5
workspaces="small medium large"
smoke=0
kiln="${KILN_CMD:-}"
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1; runs=1; workspaces="small"; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --workspaces) workspaces="$2"; shift 2 ;;
    --kiln) kiln="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

shared="${KILN_SHARED:-$(cd "$repo/.." && pwd)/shared}"
proxy="${KILN_GOPROXY_DIR:-/tmp/goproxy}"
gobin="${KILN_GOBIN:-/usr/lib/go-1.23/bin}"
for tool in hyperfine jq "$gobin/go"; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool not found" >&2; exit 3; }
done
[[ -d "$proxy" ]] || { echo "bench/run.sh: no module proxy at $proxy (run $shared/corpus/make-proxy)" >&2; exit 3; }

if [[ -z "$kiln" ]]; then
  if [[ ! -x "$repo/artifacts/kiln/kiln" ]]; then
    echo "publishing kiln (Release) to artifacts/kiln" >&2
    dotnet publish "$repo/src/Kiln.Cli" -c Release -o "$repo/artifacts/kiln" >&2
  fi
  kiln="$repo/artifacts/kiln/kiln"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench-XXXXXX")
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [[ -z "$out" ]]; then out=$([[ $smoke == 1 ]] && echo "$work/results" || echo "$here/results"); fi
mkdir -p "$out"

export PATH="$gobin:$PATH" GOPROXY="file://$proxy" GOSUMDB=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly GOWORK=off GOENV=off
unset GOOS GOARCH CGO_ENABLED GOCACHE GOMODCACHE KILN_HOME

rows=()
for ws in $workspaces; do
  src="$shared/corpus/workspaces/$ws"
  [[ -d "$src" ]] || { echo "bench/run.sh: no corpus workspace $src" >&2; exit 3; }
  d="$work/$ws"
  mkdir -p "$d"
  cp -r "$src" "$d/ws"
  echo "== $ws: downloading modules for both tools" >&2
  (cd "$d/ws" && KILN_HOME="$d/kiln-seed" $kiln mod download >&2)
  (cd "$d/ws" && GOMODCACHE="$d/gomodcache" go mod download >&2)
  # Warm stores: seeded, then one untimed run each fills them.
  cp -a "$d/kiln-seed" "$d/kiln-warm"
  (cd "$d/ws" && KILN_HOME="$d/kiln-warm" $kiln list --deps ./... >/dev/null)
  (cd "$d/ws" && GOMODCACHE="$d/gomodcache" GOCACHE="$d/gocache-warm" go list -deps ./... >/dev/null)

  names=(kiln-cold go-cold kiln-warm go-warm)
  cmds=(
    "KILN_HOME=$d/kiln-cold $kiln list --deps ./... >/dev/null"
    "GOMODCACHE=$d/gomodcache GOCACHE=$d/gocache-cold go list -deps ./... >/dev/null"
    "KILN_HOME=$d/kiln-warm $kiln list --deps ./... >/dev/null"
    "GOMODCACHE=$d/gomodcache GOCACHE=$d/gocache-warm go list -deps ./... >/dev/null"
  )
  prepares=(
    "rm -rf $d/kiln-cold && cp -a $d/kiln-seed $d/kiln-cold"
    "rm -rf $d/gocache-cold"
    "true"
    "true"
  )
  for ((round = 1; round <= runs; round++)); do
    echo "== $ws: round $round of $runs" >&2
    args=()
    for i in "${!cmds[@]}"; do args+=(--prepare "${prepares[$i]}" --command-name "${names[$i]}" "${cmds[$i]}"); done
    (cd "$d/ws" && hyperfine --runs 1 --style basic --export-json "$d/round-$round.json" "${args[@]}" >&2)
  done
  # Times of each scenario over all rounds: median, min, max (seconds).
  stats() {
    jq -s --arg n "$1" '[.[].results[] | select(.command == $n) | .times[]] | sort
      | {median: (if length % 2 == 1 then .[length/2|floor] else (.[length/2 - 1] + .[length/2]) / 2 end), min: .[0], max: .[-1], n: length}' "$d"/round-*.json
  }
  for scenario in cold warm; do
    k=$(stats "kiln-$scenario")
    g=$(stats "go-$scenario")
    rows+=("$(jq -rn --arg ws "$ws" --arg s "$scenario" --argjson k "$k" --argjson g "$g" \
      '"| \($ws) | \($s) list | \($k.median*1000|round) ms (\($k.min*1000|round)–\($k.max*1000|round)) | \($g.median*1000|round) ms (\($g.min*1000|round)–\($g.max*1000|round)) | \(($k.median/$g.median*100|round)/100)× | \($k.n) |"')")
  done
done

expected_rows=$((2 * $(wc -w <<<"$workspaces")))
[[ ${#rows[@]} == "$expected_rows" ]] || { echo "bench/run.sh: ${#rows[@]} result rows, expected $expected_rows" >&2; exit 1; }
suffix=""
if [[ $smoke == 1 ]]; then suffix="-smoke"; fi
file="$out/$(date +%F)-$(hostname -s)$suffix.md"
{
  echo "# kiln list --deps ./... vs go list -deps ./..."
  echo
  echo "$(date +%F), $(hostname -s): $(nproc) cores, $("$gobin/go" version | cut -d' ' -f3), kiln \`$kiln\`${suffix:+, smoke run}."
  echo "Cold: Kiln store holding only the downloaded modules, empty GOCACHE (module cache downloaded)."
  echo "Warm: everything cached. Each round runs all four commands once, alternately (bench/run.sh)."
  echo
  echo "| workspace | scenario | kiln median (min–max) | go median (min–max) | kiln / go | runs |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$file"
[[ -s "$file" ]] || { echo "bench/run.sh: no table written to $file" >&2; exit 1; }
cat "$file"
echo "wrote $file" >&2
