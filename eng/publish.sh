#!/usr/bin/env bash
# Publishes the kiln CLI as a NativeAOT executable: artifacts/kiln/kiln (or DIR/kiln), one native file that
# starts in milliseconds instead of loading the .NET runtime and JIT-compiling. eng/demo.sh, eng/package.sh and
# bench/run.sh use it. Idempotent: a second run with unchanged sources is an incremental no-op publish.
#
#   eng/publish.sh [DIR [RID]]     RID: linux-x64 or linux-arm64, default this machine's
#
# NativeAOT links with the platform C toolchain: eng/install-deps.sh installs clang and zlib1g-dev. Another
# architecture's RID needs that architecture's linker and C library as well (eng/package.sh says which).
set -euo pipefail
cd "$(dirname "$0")/.."

source eng/env.sh     # checks dotnet
eng/install-deps.sh

out="${1:-artifacts/kiln}"
case "$(uname -m)" in
  x86_64) host_rid=linux-x64 ;;
  aarch64) host_rid=linux-arm64 ;;
  *) echo "error: no NativeAOT runtime identifier for $(uname -m)" >&2; exit 1 ;;
esac
rid="${2:-$host_rid}"

# A framework-dependent publish left here (kiln next to kiln.dll) would mix with the native one: start afresh.
if [ -f "$out/kiln.dll" ]; then rm -rf "$out"; fi

echo "== publish kiln (NativeAOT, $rid) into $out/" >&2
dotnet publish src/Kiln.Cli/Kiln.Cli.csproj -c Release -r "$rid" -o "$out" -nologo -v:q -clp:NoSummary
if [ "$rid" = "$host_rid" ]; then "$out/kiln" --version >/dev/null; fi
