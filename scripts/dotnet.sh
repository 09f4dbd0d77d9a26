#!/usr/bin/env bash
# Sourced by test.sh and quickstart.sh: bw_require_dotnet makes sure a .NET SDK that satisfies global.json is on
# PATH, or explains how to get one. Sets BW_DOTNET_SDK to the SDK's version.

bw_require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1 && [[ -x "$HOME/.dotnet/dotnet" ]]; then
    export PATH="$HOME/.dotnet:$PATH" # where dotnet-install.sh puts it by default
  fi
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET SDK is not installed (no 'dotnet' on PATH). Install the .NET 10 SDK:" >&2
    echo "  https://dotnet.microsoft.com/download/dotnet/10.0 (Debian/Ubuntu packages, or dotnet-install.sh)" >&2
    return 1
  fi
  # global.json pins the SDK band; `dotnet --version` fails in the repository when no installed SDK satisfies it.
  if ! BW_DOTNET_SDK="$(dotnet --version 2>&1)"; then
    echo "$BW_DOTNET_SDK" >&2
    echo "error: no installed .NET SDK satisfies global.json: install the .NET 10 SDK ('dotnet --list-sdks'" >&2
    echo "shows what is installed)." >&2
    return 1
  fi
  export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}" DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
}
