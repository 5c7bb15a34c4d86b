#!/usr/bin/env bash
# Scenario 8: a fresh checkout against a warm remote cache. Compares, on the large corpus workspace,
#   kiln: `kiln build ./... --allow-download` in a fresh copy of the workspace with an empty local store and
#         an nginx Bazel HTTP cache that an earlier build (another copy, another store) filled with uploads on;
#   go:   `go build -trimpath -o bin/ ./...` in a fresh copy with an empty GOCACHE (modules already in a
#         GOMODCACHE, so go downloads nothing either).
# Each run's preparation (fresh copy, new store dir or emptied GOCACHE) is outside the measurement.
#
#   bench/remote-cache.sh [RUNS]        # default 3; prints hyperfine's markdown table, medians and ratio
#
# Needs eng/install-deps.sh (Go 1.23, nginx, hyperfine) and the corpus proxy (shared/corpus/make-proxy, run
# by eng/test.sh). Scratch space: $BENCH_DIR (default /tmp/kiln-bench-remote), deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs="${1:-3}"

source eng/env.sh
shared="${KILN_SHARED:-$(cd "$root/.." && pwd)/shared}"
proxy_dir="${KILN_GOPROXY_DIR:-/tmp/goproxy}"
src="$shared/corpus/workspaces/large"
[ -d "$src" ] || { echo "error: corpus workspace missing at $src" >&2; exit 1; }
[ -d "$proxy_dir/github.com" ] || { echo "error: corpus proxy missing at $proxy_dir: run $shared/corpus/make-proxy" >&2; exit 1; }

b="${BENCH_DIR:-/tmp/kiln-bench-remote}"
rm -rf "$b"
mkdir -p "$b"/nginx/{data,tmp,logs}

echo "== build kiln (Release)" >&2
dotnet build src/Kiln.Cli -c Release -nologo -v:q -clp:NoSummary -o "$b/kiln" >&2
kiln=(dotnet "$b/kiln/kiln.dll")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed "s/127.0.0.1:18080/127.0.0.1:$port/" tests/Kiln.Testing/testdata/nginx-bazel-cache.conf > "$b/nginx/nginx.conf"
/usr/sbin/nginx -p "$b/nginx" -c "$b/nginx/nginx.conf" -e "$b/nginx/logs/error.log" -g 'daemon off;' &
nginx_pid=$!
cleanup() { kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; chmod -R u+w "$b" 2>/dev/null || true; rm -rf "$b"; }
trap cleanup EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"

export GOSUMDB=off GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=0

echo "== fill the remote cache: kiln build in another copy with its own store, uploads on" >&2
cp -r "$src" "$b/seed"
(cd "$b/seed" && KILN_HOME="$b/seed-store" GOPROXY="file://$proxy_dir" "${kiln[@]}" build ./... --allow-download \
  --remote-cache "$url" --remote-upload >/dev/null)
echo "remote cache: $(du -sh "$b/nginx/data" | cut -f1)" >&2

echo "== fill a GOMODCACHE for go" >&2
export GOMODCACHE="$b/gomodcache"
(cd "$b/seed" && GOPROXY="file://$proxy_dir" GOCACHE="$b/gocache" go mod download)

# Both measured commands get GOPROXY=off: neither may fetch a module from anywhere but its cache.
prep_kiln="rm -rf '$b/ws' '$b/store'; cp -r '$src' '$b/ws'"
prep_go="chmod -R u+w '$b/ws' 2>/dev/null; rm -rf '$b/ws' '$b/gocache'; cp -r '$src' '$b/ws'"
hyperfine --runs "$runs" --export-json "$b/hyperfine.json" --export-markdown "$b/hyperfine.md" \
  --prepare "$prep_kiln" --prepare "$prep_go" \
  -n "kiln build, empty store, warm remote" \
  "cd '$b/ws' && KILN_HOME='$b/store' GOPROXY=off ${kiln[*]} build ./... --allow-download --remote-cache '$url' --summary-json '$b/summary.json' >/dev/null 2>&1" \
  -n "go build, empty GOCACHE" \
  "cd '$b/ws' && GOPROXY=off GOCACHE='$b/gocache' go build -trimpath -o '$b/ws/gobin/' ./..."

echo "== last kiln run's summary" >&2
python3 - "$b/summary.json" <<'EOF' >&2 || true
import json, sys
s = json.load(open(sys.argv[1]))
print("actions", s["actions"], "build", s["build"], "remote", s["remote"], "modules", s["modules"], sep="\n")
EOF
echo "== hyperfine"
cat "$b/hyperfine.md"
python3 - "$b/hyperfine.json" <<'EOF'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f'{x["command"][:60]}: median {statistics.median(x["times"]):.2f} s, min {min(x["times"]):.2f} s, max {max(x["times"]):.2f} s')
k, g = (statistics.median(x["times"]) for x in r)
print(f"go / kiln (medians): {g / k:.1f}x")
EOF
