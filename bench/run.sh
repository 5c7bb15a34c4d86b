#!/usr/bin/env bash
# Kiln against the go command, side by side in one run, on the corpus workspaces and a generated synthetic
# one (see bench/README.md for the scenarios and what each measures).
#
#   bench/run.sh [--smoke] [--runs N] [--workspaces "small medium large synthetic"] [--scenarios "..."]
#                [--kiln CMD] [--out DIR] [--tag TAG]
#
# For each workspace (copied to a temp dir; `synthetic` is written there by gen-synthetic.sh), modules are
# downloaded first for both tools: `kiln mod download` into a seed Kiln store, `go mod download` into a temp
# GOMODCACHE. A warm store and a warm GOCACHE are filled (untimed) by a build, a test and a list. Then each
# round is one hyperfine call that runs every scenario once, Kiln then go (`--runs 1` per command, so both see
# the same machine noise), for N rounds. Every timed command runs under /usr/bin/time (peak RSS of the
# largest process of its tree) and every kiln command writes --summary-json. The Markdown table (median,
# min-max, ratio Kiln/go, RSS, Kiln's actions and bytes) is printed and written to DIR/<date>-<machine><TAG>.md.
# --smoke: the small workspace, one round, output under a temp dir unless --out; fails if anything fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=5
workspaces="small medium large synthetic"
all_scenarios="build-cold build-noop leaf-edit core-body-edit core-api-edit test-cold test-cached list-cold list-warm"
scenarios=$all_scenarios
smoke=0
kiln="${KILN_CMD:-}"
out=""
tag=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1; runs=1; workspaces="small"; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --workspaces) workspaces="$2"; shift 2 ;;
    --scenarios) scenarios="$2"; shift 2 ;;
    --kiln) kiln="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for s in $scenarios; do
  [[ " $all_scenarios " == *" $s "* ]] || { echo "bench/run.sh: unknown scenario $s (known: $all_scenarios)" >&2; exit 2; }
done

shared="${KILN_SHARED:-$(cd "$repo/.." && pwd)/shared}"
proxy="${KILN_GOPROXY_DIR:-/tmp/goproxy}"
gobin="${KILN_GOBIN:-/usr/lib/go-1.23/bin}"
for tool in hyperfine jq /usr/bin/time "$gobin/go"; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool not found (eng/install-deps.sh installs it)" >&2; exit 3; }
done
[[ -d "$proxy" ]] || { echo "bench/run.sh: no module proxy at $proxy (run $shared/corpus/make-proxy)" >&2; exit 3; }

if [[ -z "$kiln" ]]; then
  # The NativeAOT executable eng/publish.sh writes; a framework-dependent publish (kiln.dll) is stale.
  if [[ ! -x "$repo/artifacts/kiln/kiln" || -f "$repo/artifacts/kiln/kiln.dll" ]]; then
    "$repo/eng/publish.sh" "$repo/artifacts/kiln" >&2
  fi
  kiln="$repo/artifacts/kiln/kiln"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench-XXXXXX")
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [[ -z "$out" ]]; then out=$([[ $smoke == 1 ]] && echo "$work/results" || echo "$here/results"); fi
mkdir -p "$out"

# CGO_ENABLED=0 for both: kiln build's default, and go then builds the same (pure Go) packages.
export PATH="$gobin:$PATH" GOPROXY="file://$proxy" GOSUMDB=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly GOWORK=off GOENV=off CGO_ENABLED=0
unset GOOS GOARCH GOCACHE GOMODCACHE KILN_HOME

# The timed commands. $1 scenario's store/cache dir, $2 name, $3 round; the rest is the command.
kcmd() { # kiln with KILN_HOME=$d/$1, under /usr/bin/time, its summary, output to a log
  local store=$1 name=$2 r=$3
  shift 3
  echo "/usr/bin/time -f %M -o $d/rss/$name-$r env KILN_HOME=$d/$store $kiln --summary-json $d/sum/$name-$r.json $* >$d/logs/$name-$r.log 2>&1"
}
gcmd() { # go with GOCACHE=$d/$1
  local cache=$1 name=$2 r=$3
  shift 3
  echo "/usr/bin/time -f %M -o $d/rss/$name-$r env GOMODCACHE=$d/gomodcache GOCACHE=$d/$cache go $* >$d/logs/$name-$r.log 2>&1"
}
# Test commands exit 1 when a test fails: that is recorded and allowed; when the two tools' exit codes differ
# (a timing-dependent test), the failing tests are listed under the table.
tested() { echo "$1; rc=\$?; echo \$rc >$d/rc/$2-$3; [ \$rc -le 1 ]"; }

# For scenario $1 and round $2: kiln's and go's (prepare, command) pairs, as lines of
# "kiln-<scenario>\tPREPARE\tCOMMAND" and "go-<scenario>\t...".
scenario() {
  local s=$1 r=$2
  # Every warm scenario first makes sure a warm store / GOCACHE exists: the first one takes over the cold
  # build's (a store that did a full build is a warm store), else a copy of the seed / a new GOCACHE, which
  # its untimed warm-up command then fills.
  local restore="cp $d/orig/leaf.go $leaf_file && cp $d/orig/core.go $core_file"
  local kwarm="$restore && { [ -d $d/kiln-warm ] || mv $d/kiln-cold $d/kiln-warm 2>/dev/null || cp -a $d/kiln-seed $d/kiln-warm; }"
  local gwarm="$restore && { [ -d $d/gocache-warm ] || mv $d/gocache-cold $d/gocache-warm 2>/dev/null || true; }"
  local kwarm_build="$kwarm && env KILN_HOME=$d/kiln-warm $kiln build ./... >/dev/null 2>&1"
  local gwarm_build="$gwarm && env GOMODCACHE=$d/gomodcache GOCACHE=$d/gocache-warm go build -trimpath -o $d/gobin-warm/ ./... >/dev/null 2>&1"
  local kbuild gbuild
  kbuild=$(kcmd kiln-warm "kiln-$s" "$r" build ./...)
  gbuild=$(gcmd gocache-warm "go-$s" "$r" build -trimpath -o "$d/gobin-warm/" ./...)
  case "$s" in
    build-cold)
      printf 'kiln-%s\t%s\t%s\n' "$s" "$restore && rm -rf $d/kiln-cold dist && cp -a $d/kiln-seed $d/kiln-cold" \
        "$(kcmd kiln-cold "kiln-$s" "$r" build ./...)"
      printf 'go-%s\t%s\t%s\n' "$s" "$restore && rm -rf $d/gocache-cold $d/gobin-cold" \
        "$(gcmd gocache-cold "go-$s" "$r" build -trimpath -o "$d/gobin-cold/" ./...)" ;;
    build-noop)
      printf 'kiln-%s\t%s\t%s\n' "$s" "$kwarm_build" "$kbuild"
      printf 'go-%s\t%s\t%s\n' "$s" "$gwarm_build" "$gbuild" ;;
    leaf-edit | core-body-edit | core-api-edit)
      local edit
      case "$s" in
        leaf-edit) edit="$here/edit.sh body $leaf_file $leaf_line" ;;
        core-body-edit) edit="$here/edit.sh body $core_file $core_line" ;;
        core-api-edit) edit="$here/edit.sh api $core_file" ;;
      esac
      printf 'kiln-%s\t%s\t%s\n' "$s" "$kwarm_build && $edit" "$kbuild"
      printf 'go-%s\t%s\t%s\n' "$s" "$gwarm_build && $edit" "$gbuild" ;;
    test-cold)
      printf 'kiln-%s\t%s\t%s\n' "$s" "$restore && rm -rf $d/kiln-cold && cp -a $d/kiln-seed $d/kiln-cold" \
        "$(tested "$(kcmd kiln-cold "kiln-$s" "$r" test ./...)" "kiln-$s" "$r")"
      printf 'go-%s\t%s\t%s\n' "$s" "$restore && rm -rf $d/gocache-cold" \
        "$(tested "$(gcmd gocache-cold "go-$s" "$r" test ./...)" "go-$s" "$r")" ;;
    test-cached)
      printf 'kiln-%s\t%s\t%s\n' "$s" "$kwarm && { env KILN_HOME=$d/kiln-warm $kiln test ./... >/dev/null 2>&1 || true; }" \
        "$(tested "$(kcmd kiln-warm "kiln-$s" "$r" test ./...)" "kiln-$s" "$r")"
      printf 'go-%s\t%s\t%s\n' "$s" "$gwarm && { env GOMODCACHE=$d/gomodcache GOCACHE=$d/gocache-warm go test ./... >/dev/null 2>&1 || true; }" \
        "$(tested "$(gcmd gocache-warm "go-$s" "$r" test ./...)" "go-$s" "$r")" ;;
    list-cold)
      printf 'kiln-%s\t%s\t%s\n' "$s" "$restore && rm -rf $d/kiln-cold && cp -a $d/kiln-seed $d/kiln-cold" \
        "$(kcmd kiln-cold "kiln-$s" "$r" list --deps ./... )"
      printf 'go-%s\t%s\t%s\n' "$s" "$restore && rm -rf $d/gocache-cold" "$(gcmd gocache-cold "go-$s" "$r" list -deps ./...)" ;;
    list-warm)
      printf 'kiln-%s\t%s\t%s\n' "$s" "$kwarm && env KILN_HOME=$d/kiln-warm $kiln list --deps ./... >/dev/null 2>&1" \
        "$(kcmd kiln-warm "kiln-$s" "$r" list --deps ./...)"
      printf 'go-%s\t%s\t%s\n' "$s" "$gwarm && env GOMODCACHE=$d/gomodcache GOCACHE=$d/gocache-warm go list -deps ./... >/dev/null 2>&1" \
        "$(gcmd gocache-warm "go-$s" "$r" list -deps ./...)" ;;
  esac
}

# Times of command $1 over all rounds: median, min, max (seconds), n.
stats() {
  jq -s --arg n "$1" '[.[].results[] | select(.command == $n) | .times[]] | sort
    | {median: (if length % 2 == 1 then .[length/2|floor] else (.[length/2 - 1] + .[length/2]) / 2 end), min: .[0], max: .[-1], n: length}' "$d"/round-*.json
}
# Median peak RSS of command $1 over all rounds, in MB (the last line of /usr/bin/time's output is %M, KB).
rss() {
  local f
  for f in "$d"/rss/"$1"-*; do tail -n1 "$f"; done | sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.0f", m / 1024 }'
}
# Kiln's counts from round $2's summary of command $1: "executed / hits | linked / copied" columns.
kiln_counts() {
  jq -r 'def mb: if . == null then "n/a" else (. / 1048576 * 10 | round / 10 | tostring) end;
    "\(.actions.executed) / \(.actions.local_cache_hits + .actions.remote_cache_hits) | \(.bytes.materialized_by_link | mb) / \(.bytes.materialized_by_copy | mb)"' \
    "$d/sum/$1-$2.json"
}
# The rest of that summary, for the breakdown table.
kiln_breakdown() {
  jq -r '"\(.wall_time_ms) | \(.analysis.packages_analysed // 0) / \(.analysis.packages_cached // 0) | \(.build.compiles_executed // 0) / \(.build.compiles_cached // 0) | \(.build.links_executed // 0) / \(.build.links_cached // 0) | \(.tests.run // 0) / \(.tests.cached // 0) | \(.tests.passed // 0) / \(.tests.failed // 0)"' \
    "$d/sum/$1-$2.json"
}

# The table, (re)written after every round, so an interrupted run keeps the rounds it finished.
suffix=""
if [[ $smoke == 1 ]]; then suffix="-smoke"; fi
file="$out/$(date +%F)-$(hostname -s)$tag$suffix.md"
# The load average belongs with the figures: a table measured beside other work is not a result.
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load_avg)
load_now=$load_before
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "bench/run.sh: warning: load average $load_before on $(nproc) cores; the figures will not be an idle machine's" >&2
fi
write_table() {
  {
    echo "# Kiln vs the go command (bench/run.sh)"
    echo
    echo "$(date +%F), $(hostname -s): $(nproc) cores, $("$gobin/go" version | cut -d' ' -f3), kiln \`$kiln\`, $runs round(s)${suffix:+, smoke run}."
    echo "Load average (1, 5, 15 min) before the run: $load_before; after the last round written: $load_now."
    echo "Each round runs every command once, Kiln and go alternately; median (min–max) over the rounds, ratio of medians."
    echo "RSS: median peak RSS of the largest process of the run (/usr/bin/time %M). Kiln's counts are from the last"
    echo "round's --summary-json: actions executed / answered by a cache; bytes materialized by hard link / by copy."
    echo "Edited: $(IFS=';'; echo "${picks[*]}" | sed 's/;/; /g')."
    echo
    echo "| workspace | scenario | kiln median (min–max) | go median (min–max) | kiln / go | runs | kiln RSS MB | go RSS MB | kiln actions executed / cached | kiln MB linked / copied |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}" "${ws_rows[@]}"
    echo
    echo "Kiln's last-round summary: wall time (ms, in-process), packages analysed / from cache, compiles executed / cached,"
    echo "links executed / cached, test binaries run / cached, tests passed / failed."
    echo
    echo "| workspace | scenario | wall ms | analysed / cached | compiles | links | tests run / cached | passed / failed |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${details[@]}" "${ws_details[@]}"
    if [[ ${#notes[@]} -gt 0 ]]; then
      echo
      echo "Test runs where the tools disagreed (timings kept):"
      echo
      printf -- '- %s\n' "${notes[@]}"
    fi
  } >"$file"
}

rows=()
details=()
ws_rows=()
ws_details=()
notes=()
picks=()
for ws in $workspaces; do
  d="$work/$ws"
  mkdir -p "$d"/{rss,sum,logs,rc,orig}
  if [[ $ws == synthetic ]]; then
    "$here/gen-synthetic.sh" "$d/ws"
  else
    src="$shared/corpus/workspaces/$ws"
    [[ -d "$src" ]] || { echo "bench/run.sh: no corpus workspace $src" >&2; exit 3; }
    cp -r "$src" "$d/ws"
  fi
  cd "$d/ws"
  echo "== $ws: downloading modules for both tools" >&2
  KILN_HOME="$d/kiln-seed" $kiln mod download >&2
  GOMODCACHE="$d/gomodcache" go mod download >&2
  # The warm store and GOCACHE are filled by the first warm scenario's preparation: the store and the GOCACHE
  # of the cold build are moved there (see scenario()). Picking compiles the core package's dependencies.
  picked=$(GOMODCACHE="$d/gomodcache" GOCACHE="$d/gocache-cold" "$here/edit.sh" pick "$d/ws")
  read -r _ leaf_file leaf_line < <(grep '^leaf ' <<<"$picked")
  read -r _ core_file core_line < <(grep '^core ' <<<"$picked")
  unset GOMODCACHE GOCACHE
  cp "$leaf_file" "$d/orig/leaf.go"
  cp "$core_file" "$d/orig/core.go"
  picks+=("$ws: leaf \`${leaf_file#"$d/ws/"}:$leaf_line\`, core \`${core_file#"$d/ws/"}:$core_line\`")
  echo "== $ws: leaf edit in ${leaf_file#"$d/ws/"}:$leaf_line, core edits in ${core_file#"$d/ws/"}:$core_line" >&2

  for ((round = 1; round <= runs; round++)); do
    echo "== $ws: round $round of $runs" >&2
    args=()
    for s in $scenarios; do
      while IFS=$'\t' read -r name prepare cmd; do
        args+=(--prepare "$prepare" --command-name "$name" "$cmd")
      done < <(scenario "$s" "$round")
    done
    if ! hyperfine --shell bash --runs 1 --style basic --export-json "$d/round-$round.json" "${args[@]}" >&2; then
      last=$(ls -t "$d"/logs/*-"$round".log 2>/dev/null | head -n1)
      echo "bench/run.sh: $ws round $round failed; last log ${last:-none}:" >&2
      [[ -n "$last" ]] && tail -n 40 "$last" >&2
      exit 1
    fi
    for s in test-cold test-cached; do
      [[ " $scenarios " == *" $s "* ]] || continue
      k=$(cat "$d/rc/kiln-$s-$round") g=$(cat "$d/rc/go-$s-$round")
      if [[ $k != "$g" ]]; then
        # Timing-dependent tests can fail in one run and pass in the next: noted under the table, not fatal.
        fails() { { grep -h '^--- FAIL\|^FAIL' "$1" || true; } | { grep -v '^FAIL$' || true; } | tr '\n' ' ' | sed 's/ *$//'; }
        notes+=("$ws $s round $round: kiln test exited $k, go test $g. kiln: $(fails "$d/logs/kiln-$s-$round.log"); go: $(fails "$d/logs/go-$s-$round.log")")
        echo "bench/run.sh: ${notes[-1]}" >&2
      fi
    done

    ws_rows=()
    ws_details=()
    for s in $scenarios; do
      k=$(stats "kiln-$s")
      g=$(stats "go-$s")
      ws_rows+=("$(jq -rn --arg ws "$ws" --arg s "$s" --argjson k "$k" --argjson g "$g" \
        '"| \($ws) | \($s) | \($k.median*1000|round) ms (\($k.min*1000|round)–\($k.max*1000|round)) | \($g.median*1000|round) ms (\($g.min*1000|round)–\($g.max*1000|round)) | \(($k.median/$g.median*100|round)/100)× | \($k.n)"') | $(rss "kiln-$s") | $(rss "go-$s") | $(kiln_counts "kiln-$s" "$round") |")
      ws_details+=("| $ws | $s | $(kiln_breakdown "kiln-$s" "$round") |")
    done
    load_now=$(load_avg)
    write_table
  done
  rows+=("${ws_rows[@]}")
  details+=("${ws_details[@]}")
  ws_rows=()
  ws_details=()
  cd "$work"
done

load_now=$(load_avg)
set -- $workspaces
expected_rows=$(($# * $(wc -w <<<"$scenarios")))
[[ ${#rows[@]} == "$expected_rows" ]] || { echo "bench/run.sh: ${#rows[@]} result rows, expected $expected_rows" >&2; exit 1; }
write_table
[[ -s "$file" ]] || { echo "bench/run.sh: no table written to $file" >&2; exit 1; }
cat "$file"
echo "wrote $file" >&2
