#!/usr/bin/env bash
# Installs the Debian packages Kiln and its tests need, idempotently:
# Go 1.23 from bookworm-backports, bubblewrap (strict sandbox), clang and zlib1g-dev (the linker and libz
# NativeAOT needs, eng/publish.sh), protobuf-compiler (tests cross-check REAPI encodings), nginx (HTTP remote cache tests), hyperfine, jq and GNU time (bench/run.sh), gopls (the packages-driver tests run it as an editor would), pkgconf (#cgo pkg-config tests), and for the REAPI tests against
# Bazel's RemoteWorker: its sources (bazel-bootstrap-source), the A-server.jar they compile against
# (bazel-bootstrap-data) and javac (openjdk-17-jdk-headless). The tests compile it; nothing built is committed.
set -euo pipefail

want=(golang-1.23-go bubblewrap clang zlib1g-dev protobuf-compiler nginx hyperfine jq time gopls pkgconf bazel-bootstrap-data bazel-bootstrap-source openjdk-17-jdk-headless)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi

# Add bookworm-backports to the existing Suites: line (never a new mirror host).
src=/etc/apt/sources.list.d/debian.sources
if [ -f "$src" ] && ! grep -Eq '^Suites:.*bookworm-backports' "$src"; then
  $sudo sed -i -E '0,/^Suites:.*\bbookworm\b/{s/^(Suites:.*\bbookworm\b[^#]*)$/\1 bookworm-backports/}' "$src"
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=900)
$sudo apt-get "${apt_opts[@]}" update -qq
go_pkgs=(); other=()
for p in "${missing[@]}"; do
  if [ "$p" = golang-1.23-go ]; then go_pkgs+=("$p"); else other+=("$p"); fi
done
if [ ${#go_pkgs[@]} -gt 0 ]; then
  $sudo apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends -t bookworm-backports "${go_pkgs[@]}"
fi
if [ ${#other[@]} -gt 0 ]; then
  $sudo apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${other[@]}"
fi
# nginx's Debian package starts a system service on port 80; Kiln's tests run their own instances.
if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then
  $sudo systemctl stop nginx || true
fi
