# Sourced by eng/test.sh and eng/demo.sh: checks the .NET SDK and exports the environment Kiln's tests and
# demo rely on. Not executable on its own.

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: dotnet not found: Kiln needs the .NET 10 SDK (version in global.json)" >&2
  echo "hint: it is not in Debian's archive; install it from Microsoft's package repository or with" >&2
  echo "      dotnet-install.sh: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

# The Go toolchain eng/install-deps.sh installs from bookworm-backports, first on PATH.
export KILN_GO=/usr/lib/go-1.23/bin/go
export PATH="/usr/lib/go-1.23/bin:$PATH"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
