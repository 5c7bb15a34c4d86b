#!/usr/bin/env bash
# Builds what a Go team installs Kiln from, into artifacts/packages/:
#   kiln-VERSION-RID.tar.gz   the NativeAOT executable eng/publish.sh makes, self-contained (no .NET needed):
#                             kiln-VERSION-RID/bin/kiln, README.md and docs/ (the user guide); unpack it
#                             anywhere and put its bin/ on PATH
#   kiln.VERSION.nupkg        the .NET tool package (`dotnet pack` of src/Kiln.Cli, PackAsTool, command kiln):
#                             dotnet tool install --global kiln --add-source artifacts/packages
#
#   eng/package.sh [RID...]   RIDs: linux-x64, linux-arm64; default this machine's, plus linux-arm64 on an
#                             x86_64 machine that has an arm64 cross linker and C library
#
# linux-arm64 from x86_64: NativeAOT compiles for arm64 on any host but links with arm64's linker and C
# library. Without them the link fails ("cannot find Scrt1.o", "linker command failed"), so this script then
# skips arm64 and says so; on Debian 12 `apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross`
# provides both (clang finds them through --target=aarch64-linux-gnu). This script does not run the arm64
# binary; under qemu-user-static, `qemu-aarch64-static -L /usr/aarch64-linux-gnu .../kiln version` does.
# The tarballs are reproducible: sorted names, fixed owner and mtime, gzip without a timestamp.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/env.sh     # checks dotnet

out=artifacts/packages
mkdir -p "$out"

case "$(uname -m)" in
  x86_64) host_rid=linux-x64 ;;
  aarch64) host_rid=linux-arm64 ;;
  *) echo "error: no NativeAOT runtime identifier for $(uname -m)" >&2; exit 1 ;;
esac
if [ $# -gt 0 ]; then
  rids=("$@")
else
  rids=("$host_rid")
  if [ "$host_rid" = linux-x64 ]; then
    if command -v aarch64-linux-gnu-ld.bfd >/dev/null && [ -f /usr/aarch64-linux-gnu/lib/Scrt1.o ]; then
      rids+=(linux-arm64)
    else
      echo "note: no linux-arm64 package: no arm64 linker and C library here (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross)" >&2
    fi
  fi
fi

version=$(dotnet msbuild src/Kiln.Cli/Kiln.Cli.csproj -getProperty:Version -nologo)

for rid in "${rids[@]}"; do
  case "$rid" in linux-x64|linux-arm64) ;; *) echo "error: unknown RID $rid (linux-x64, linux-arm64)" >&2; exit 2 ;; esac
  publish="artifacts/kiln"
  if [ "$rid" != "$host_rid" ]; then publish="artifacts/kiln-$rid"; fi
  eng/publish.sh "$publish" "$rid"

  name="kiln-$version-$rid"
  stage=$(mktemp -d)
  mkdir -p "$stage/$name/bin"
  cp "$publish/kiln" "$stage/$name/bin/kiln"
  cp README.md "$stage/$name/README.md"
  cp -r docs "$stage/$name/docs"
  tar -C "$stage" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$name" | gzip -n -9 > "$out/$name.tar.gz.tmp"
  mv "$out/$name.tar.gz.tmp" "$out/$name.tar.gz"
  rm -rf "$stage"
  echo "$out/$name.tar.gz" >&2
done

echo "== pack the .NET tool package into $out/" >&2
rm -f "$out"/kiln.*.nupkg
dotnet pack src/Kiln.Cli/Kiln.Cli.csproj -c Release -o "$out" -nologo -v:q -clp:NoSummary
echo "$out/kiln.$version.nupkg" >&2
