#!/usr/bin/env bash
# Packs the tool into artifacts/packages (a source in nuget.config) and installs it as this repository's local dotnet
# tool, so that `dotnet tool restore` and `dotnet taskflow-schema ...` work, with the code as it is now.
# The version is Directory.Build.props' <Version>, the one place it is set: the tool manifest is kept in step here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
[ -n "$version" ] || { echo "install-tool: no <Version> in Directory.Build.props" >&2; exit 1; }
manifest=.config/dotnet-tools.json
if ! grep -q "\"version\": \"$version\"" "$manifest"; then
  sed -i "s/\"version\": \"[^\"]*\"/\"version\": \"$version\"/" "$manifest"
  echo "install-tool: $manifest now names version $version" >&2
fi
dotnet pack src/TaskFlow.Schema.Tool/TaskFlow.Schema.Tool.csproj -c Release -o artifacts/packages --nologo -v quiet >&2
# The same version packed again must not be served from NuGet's cache, nor found through the CLI's record of where
# it was restored last (which `dotnet tool restore` does not rewrite).
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/taskflow.schema.tool/$version"
rm -f "${DOTNET_CLI_HOME:-$HOME}"/.dotnet/toolResolverCache/*/taskflow.schema.tool
dotnet tool restore >&2
echo "installed: dotnet taskflow-schema ($version)" >&2
