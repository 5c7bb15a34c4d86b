#!/usr/bin/env bash
# The README's first command: installs what is missing (eng/install-deps.sh), publishes the kiln CLI as a
# NativeAOT executable into artifacts/kiln/ (eng/publish.sh) and shows Kiln on examples/hello:
#   1. the REAPI Merkle root digest (hash/size) of the workspace,
#   2. `kiln build ./...` (modules, std and the workspace compiled as cached actions, then linked), the
#      same build again (nothing runs), and the binary it wrote to dist/,
#   3. one process (`go build`) as a cached action under bubblewrap, then its cache hit.
#
#
# The demo uses its own store, .kiln/demo/ (gitignored), emptied on every run so step 2 always shows a miss
# and then a hit. Set KILN_HOME to use (and keep) another store instead.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

source eng/env.sh     # checks dotnet; exports KILN_GO and PATH with Go 1.23 first
eng/install-deps.sh

if [ ! -f src/Kiln.Cli/Kiln.Cli.csproj ]; then
  echo "error: src/Kiln.Cli/Kiln.Cli.csproj is not in this checkout yet; nothing to demo" >&2
  exit 1
fi

eng/publish.sh artifacts/kiln
kiln="$root/artifacts/kiln/kiln"

if [ -z "${KILN_HOME:-}" ]; then
  export KILN_HOME="$root/.kiln/demo"
  rm -rf "$KILN_HOME"
fi
mkdir -p "$KILN_HOME"

goroot=/usr/lib/go-1.23
workspace=examples/hello
out=dist

step() { printf '\n$ %s\n' "$*" >&2; "$@"; }

step "$kiln" debug digest "$workspace"

# 2. Kiln's main job: `kiln build`. Modules are fetched once (here: none), every package of the standard
#    library and of the workspace is compiled as its own cached, sandboxed action, the binary is linked.
(cd "$workspace" && step "$kiln" build --allow-download ./...)
# The same build again: every action is answered by the action cache, nothing runs.
(cd "$workspace" && step "$kiln" build ./...)
step "$root/dist/$workspace/hello"

# 3. One process as a cached action under bubblewrap (--strict): no network, a file system holding only
#    the sandbox and the Go SDK (read-only). `{sandbox}` is replaced by the sandbox's absolute path at run
#    time; the cache key keeps the placeholder, so a rerun is a hit.
go_build=(
  debug exec --strict --input "$workspace" --output hello --out-dir "$out"
  --tool-dir "$goroot" --tool-dir /usr/share/go-1.23
  --env "HOME={sandbox}/.home"
  --env "GOCACHE={sandbox}/.gocache"
  --env "GOPATH={sandbox}/.gopath"
  --env GOFLAGS=-mod=mod
  --env GOTOOLCHAIN=local
  --env GOPROXY=off
  --env CGO_ENABLED=0
  --env "PATH=$goroot/bin"
  -- "$goroot/bin/go" build -trimpath -o hello .
)
step "$kiln" "${go_build[@]}"     # runs go in a sandbox; outputs into the store and the action cache
step "$kiln" "${go_build[@]}"     # same inputs, same key: an action-cache hit, nothing runs
step "$out/hello"
