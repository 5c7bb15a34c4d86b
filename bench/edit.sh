#!/usr/bin/env bash
# The source edits of bench/run.sh's edit scenarios, and how it picks the packages they touch.
#
#   bench/edit.sh pick DIR             # prints "leaf FILE LINE" and "core FILE LINE" for the Go workspace in DIR
#   bench/edit.sh body FILE LINE       # appends ` _ = "kiln-bench-<nonce>";` to line LINE (a `func ... {` line)
#   bench/edit.sh api FILE             # appends `func KilnBench<nonce>() int { return 1 }` to FILE
#
# pick: leaf = the first main package of the main module (import path order); core = the non-main package of
# the main module that the most main-module packages depend on (transitively); ties go to the first. In each,
# FILE is the non-test .go file holding the package's longest top-level function (for core: that the compiler
# cannot inline (`go build -gcflags=-m`; most lines from its `func ... {` line to its closing `}`), LINE that
# function's first line: the body of a function that is not inlined is not in the export data, so editing
# it leaves the package's export data unchanged. The body edit adds no line (positions in
# export data stay the same) and the nonce (nanoseconds) makes every edit new to both caches.
set -euo pipefail

longest_func() { # SKIP FILES... -> "FILE LINE" of the longest top-level function with its `{` on the func line,
  # leaving out those at the "FILE:LINE" positions listed in SKIP (space-separated)
  awk -v skip=" $1 " '
    FNR == 1 { start = 0 }
    /^func .*\{$/ { start = index(skip, " " FILENAME ":" FNR " ") ? 0 : FNR; next }
    /^}$/ && start > 0 { n = FNR - start; if (n > best) { best = n; file = FILENAME; line = start }; start = 0 }
    END { if (best > 0) print file, line }' "${@:2}"
}

case "$1" in
  pick)
    cd "$2"
    json=$(go list -deps -json ./... | jq -s '[.[] | select(.Module.Main == true)]')
    leaf=$(jq -r '[.[] | select(.Name == "main")] | sort_by(.ImportPath) | .[0] // empty | .Dir + "\t" + (.GoFiles | join(" "))' <<<"$json")
    core=$(jq -r '(reduce (.[] | .Deps // [] | .[]) as $dep ({}; .[$dep] += 1)) as $n
      | [.[] | select(.Name != "main") | {p: ., n: ($n[.ImportPath] // 0)}]
      | sort_by(-.n, .p.ImportPath) | .[0] // empty | .p.Dir + "\t" + (.p.GoFiles | join(" "))' <<<"$json")
    for kind in leaf core; do
      entry=${!kind}
      [[ -n "$entry" ]] || { echo "bench/edit.sh: no $kind package in $2" >&2; exit 1; }
      dir=${entry%%$'\t'*}
      read -r -a files <<<"${entry#*$'\t'}"
      # For core, the compiler's own list of the functions it can inline, as "FILE:LINE" (file names relative
      # to dir). Nothing imports a main package, so the leaf needs no such care (nor the compile).
      inlinable=""
      if [[ $kind == core ]]; then
        inlinable=$(cd "$dir" && go build -gcflags=-m -o /dev/null . 2>&1 | sed -n 's|^\(.*/\)\{0,1\}\([^/:]*\.go:[0-9]*\):[0-9]*: can inline .*|\2|p' | tr '\n' ' ')
      fi
      found=$(cd "$dir" && longest_func "$inlinable" "${files[@]}")
      [[ -n "$found" ]] || { echo "bench/edit.sh: no function to edit in $dir" >&2; exit 1; }
      echo "$kind $dir/${found% *} ${found##* }"
    done
    ;;
  body)
    sed -i "$3s/\$/ _ = \"kiln-bench-$(date +%s%N)\";/" "$2"
    ;;
  api)
    printf '\nfunc KilnBench%s() int { return 1 }\n' "$(date +%s%N)" >>"$2"
    ;;
  *) echo "bench/edit.sh: unknown mode $1" >&2; exit 2 ;;
esac
