#!/usr/bin/env bash
# Packs the tool into artifacts/packages (a source in nuget.config) and installs it as this
# repository's local dotnet tool, so that `dotnet taskflow-schema ...` runs the code as it is now.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
dotnet pack src/TaskFlow.Schema.Tool/TaskFlow.Schema.Tool.csproj -c Release -o artifacts/packages --nologo -v quiet >&2
# The same version packed again must not be served from NuGet's cache.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/taskflow.schema.tool/$version"
dotnet tool restore >&2
echo "installed: dotnet taskflow-schema ($version)" >&2
