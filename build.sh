#!/usr/bin/env bash
# Entry point of the build: compile build/ only when its inputs changed, then run the compiled
# build directly (no `dotnet run`, no MSBuild on the warm path), passing every argument on.
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
  # printf is a shell builtin: this must work on a machine that lacks more than dotnet.
  printf '%s\n' >&2 \
    'error: the .NET SDK 10 is needed and `dotnet` is not on PATH. Install it, then run this again:' \
    '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y dotnet-sdk-10.0   (Ubuntu archive or packages.microsoft.com)' \
    '  any Linux:      curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0' \
    '                  export PATH="$HOME/.dotnet:$PATH"'
  exit 1
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="$root/.nuke/temp/build"
stamp="$out/.inputs-stamp"
# What the build is made of; a changed, added or removed file (its folder's time changes) is newer than the stamp.
inputs=(build src/WaveletStack src/WaveletStack.Targets Directory.Build.props Directory.Packages.props global.json)

stale() {
  [ -f "$out/_build.dll" ] && [ -f "$stamp" ] || return 0
  [ -n "$(cd "$root" && find "${inputs[@]}" \( -name bin -o -name obj \) -prune -o -newer "$stamp" -print -quit 2>/dev/null)" ]
}

if stale; then
  mkdir -p "$out"
  # Stamp the moment before compiling, so an edit made during the compile is seen next time.
  touch "$stamp.next"
  if ! log="$(dotnet build "$root/build/_build.csproj" -o "$out" --nologo -v quiet -clp:NoSummary 2>&1)"; then
    echo "error: the build project does not compile:" >&2
    grep -E ': (error|warning) ' <<<"$log" | sort -u >&2 || echo "$log" >&2
    rm -f "$stamp.next"
    exit 2
  fi
  mv "$stamp.next" "$stamp"
fi

exec dotnet "$out/_build.dll" "$@"
