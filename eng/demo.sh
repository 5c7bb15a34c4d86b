#!/usr/bin/env bash
# The README's first command: installs what is missing (eng/install-deps.sh), builds the kiln CLI into
# artifacts/kiln/ and shows Kiln on examples/hello:
#   1. the REAPI Merkle root digest (hash/size) of the workspace,
#   2. `go build` run as a Kiln action in a sandbox, then the same action again: an action-cache hit,
#   3. the binary that action produced, run from dist/.
#
# It becomes `kiln build ./...` once that command exists.
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

echo "== build kiln (Release) into artifacts/kiln/" >&2
dotnet publish src/Kiln.Cli/Kiln.Cli.csproj -c Release -o artifacts/kiln -nologo -v:q
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

# The go command runs under bubblewrap (--strict): no network, and a file system holding only the sandbox
# and the Go SDK (read-only). It gets only what it needs: no module downloads, no toolchain switching, no
# cgo; its caches and HOME live in the sandbox (absolute paths, hence `{sandbox}`, which kiln replaces
# with the sandbox's absolute path; the cache key keeps the placeholder).
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
