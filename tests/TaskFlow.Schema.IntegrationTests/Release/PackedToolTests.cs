using System.Text.Json;
using System.Text.RegularExpressions;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Release;

/// <summary>
/// The dotnet tool as developers get it: packed, restored through a tool manifest from a package folder, and run in a
/// folder that is not the repository (so it can only use what the package carries, migrations included).
/// </summary>
[Category(Engines.PostgreSql)]
public sealed partial class PackedToolTests
{
    [Test]
    public async Task The_packed_tool_restores_and_applies_every_migration_outside_the_repository()
    {
        var version = PropsVersion();
        var dir = Directory.CreateTempSubdirectory("tf-packed-tool-").FullName;
        try
        {
            Assert.That(dir, Does.Not.StartWith(RepositoryFiles.Root));
            var packages = Path.Combine(dir, "packages");
            var pack = await ExternalProcess.RunAsync(RepositoryFiles.Root, null, "dotnet", "pack", "src/TaskFlow.Schema.Tool/TaskFlow.Schema.Tool.csproj",
                "-c", ExternalProcess.Configuration, "--no-build", "-o", packages, "--nologo", "-p:TaskFlowSchemaRegenerate=false");
            Assert.That(pack.ExitCode, Is.Zero, pack.ToString());

            // Only the package folder as a source, a package cache and a CLI home of its own: nothing from the
            // repository or an older copy of the same version can be picked up, and the machine's record of where
            // the tool was restored (under ~/.dotnet) is left alone.
            await File.WriteAllTextAsync(Path.Combine(dir, "nuget.config"),
                $"""<configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>""");
            Directory.CreateDirectory(Path.Combine(dir, ".config"));
            File.Copy(Path.Combine(RepositoryFiles.Root, ".config", "dotnet-tools.json"), Path.Combine(dir, ".config", "dotnet-tools.json"));
            var environment = new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = Path.Combine(dir, "nuget-cache"),
                ["DOTNET_CLI_HOME"] = Path.Combine(dir, "home"),
            };

            var restore = await ExternalProcess.RunAsync(dir, environment, "dotnet", "tool", "restore");
            Assert.That(restore.ExitCode, Is.Zero, restore.ToString());

            var printed = await ExternalProcess.RunAsync(dir, environment, "dotnet", "taskflow-schema", "--version");
            Assert.That(printed.ExitCode, Is.Zero, printed.ToString());
            Assert.That(printed.Stdout.Trim(), Is.EqualTo(version));

            await using var db = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "packed");
            var up = await ExternalProcess.RunAsync(dir, environment, "dotnet", "taskflow-schema", "up", "--connection", db.Url);
            Assert.That(up.ExitCode, Is.Zero, up.ToString());
            var status = await ExternalProcess.RunAsync(dir, environment, "dotnet", "taskflow-schema", "status", "--json", "--connection", db.Url);
            Assert.That(status.ExitCode, Is.Zero, status.ToString());
            using var json = JsonDocument.Parse(status.Stdout);
            Assert.That(json.RootElement.GetProperty("pending").GetInt32(), Is.Zero);
            Assert.That(json.RootElement.GetProperty("current_version").GetInt64(), Is.EqualTo(db.Migrator().Renderer.LatestVersion));
            var tools = json.RootElement.GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("tool_version").GetString()).Distinct();
            Assert.That(tools, Is.EqualTo(new[] { version }), "the history records the packed tool's version");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task The_version_is_set_once_and_the_tool_manifest_and_version_option_agree()
    {
        var version = PropsVersion();
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root, ".config", "dotnet-tools.json")));
        Assert.That(manifest.RootElement.GetProperty("tools").GetProperty("taskflow.schema.tool").GetProperty("version").GetString(), Is.EqualTo(version),
            ".config/dotnet-tools.json follows Directory.Build.props (tools/install-tool.sh rewrites it)");
        var printed = await ToolProcess.RunAsync("--version");
        Assert.That(printed.Stdout.Trim(), Is.EqualTo(version));
        var versions = Directory.EnumerateFiles(RepositoryFiles.Root, "*.*proj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}artifacts{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => File.ReadAllText(p).Contains("<Version>", StringComparison.Ordinal) || File.ReadAllText(p).Contains("<PackageVersion>", StringComparison.Ordinal));
        Assert.That(versions, Is.Empty, "no project sets a version of its own");
    }

    private static string PropsVersion() =>
        VersionElement().Match(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "Directory.Build.props"))).Groups[1].Value;

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
