using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Release;

/// <summary>
/// The migrations project's build keeps init-complete.sql in step with the migrations, and with
/// -p:TaskFlowSchemaCheck=true fails on drift. Run on a copy of the repository, so that the real scripts are never
/// touched; each build there starts the tool out of process as a developer's build would.
/// </summary>
[Category("Build")]
public sealed class MsBuildScriptTests
{
    private const string Project = "migrations/TaskFlow.Schema.Migrations/TaskFlow.Schema.Migrations.csproj";

    [Test]
    public async Task The_build_regenerates_the_scripts_when_a_migration_changed_and_fails_on_drift_when_asked_to_check()
    {
        var copy = await CopyOfRepositoryAsync();
        try
        {
            var mysql = Path.Combine(copy, "migrations", "sql", "mysql", "init-complete.sql");
            var postgres = Path.Combine(copy, "migrations", "sql", "postgresql", "init-complete.sql");

            var clean = await BuildAsync(copy, "-p:TaskFlowSchemaCheck=true");
            Assert.That(clean.ExitCode, Is.Zero, clean.ToString());
            Assert.That(clean.Stdout, Does.Contain("init-complete.sql: up to date"));

            // A hand edit: only the check can see it (no time stamp says so), and it names the file and shows the diff.
            var committed = await File.ReadAllTextAsync(mysql);
            await File.WriteAllTextAsync(mysql, committed.Replace("`email` VARCHAR(256)", "`email` VARCHAR(255)", StringComparison.Ordinal));
            var drift = await BuildAsync(copy, "-p:TaskFlowSchemaCheck=true");
            Assert.That(drift.ExitCode, Is.Not.Zero, drift.ToString());
            Assert.That(drift.Stdout, Does.Contain($"error : {mysql}: differs from what the migrations generate"));
            Assert.That(drift.Stdout, Does.Contain("-CREATE TABLE `users` (`id` BIGINT NOT NULL AUTO_INCREMENT, `name` VARCHAR(128) NOT NULL, `email` VARCHAR(255)"));
            Assert.That(drift.Stdout, Does.Contain("+CREATE TABLE `users` (`id` BIGINT NOT NULL AUTO_INCREMENT, `name` VARCHAR(128) NOT NULL, `email` VARCHAR(256)"));
            Assert.That(await File.ReadAllTextAsync(mysql), Does.Contain("VARCHAR(255)"), "the check changes nothing");
            await File.WriteAllTextAsync(mysql, committed);

            // A changed migration: the next build regenerates both scripts, byte for byte what `check` expects.
            var migration = Path.Combine(copy, "migrations", "TaskFlow.Schema.Migrations", "M202509240000_RetireLegacyAiOutputColumns.cs");
            var source = await File.ReadAllTextAsync(migration);
            Assert.That(source, Does.Contain("\"Retire legacy AI output columns\""));
            await File.WriteAllTextAsync(migration, source.Replace("\"Retire legacy AI output columns\"", "\"Retire legacy AI output columns (edited)\"", StringComparison.Ordinal));

            var designTime = await BuildAsync(copy, "-p:DesignTimeBuild=true");
            Assert.That(designTime.Stdout, Does.Not.Contain("regenerating"), "design-time builds write nothing");
            Assert.That(await File.ReadAllTextAsync(postgres), Does.Not.Contain("(edited)"));

            var regenerate = await BuildAsync(copy);
            Assert.That(regenerate.ExitCode, Is.Zero, regenerate.ToString());
            Assert.That(regenerate.Stdout, Does.Contain("regenerating"));
            Assert.That(await File.ReadAllTextAsync(postgres), Does.Contain("-- 202509240000: Retire legacy AI output columns (edited)"));
            Assert.That(await File.ReadAllTextAsync(mysql), Does.Contain("-- 202509240000: Retire legacy AI output columns (edited)"));
            var check = await ExternalProcess.RunAsync(copy, null, Path.Combine(copy, "tools", "taskflow-schema"), "check");
            Assert.That(check.ExitCode, Is.Zero, check.ToString());

            var again = await BuildAsync(copy);
            Assert.That(again.ExitCode, Is.Zero, again.ToString());
            Assert.That(again.Stdout, Does.Not.Contain("regenerating"), "incremental: nothing changed since");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static Task<ToolProcess.Result> BuildAsync(string copy, params string[] extra) =>
        ExternalProcess.RunAsync(copy, null, "dotnet", ["build", Project, "-c", "Release", "--nologo", "-v", "minimal", .. extra]);

    // The files git knows of (committed or not, never ignored ones such as bin/ and obj/), as a fresh clone has them.
    private static async Task<string> CopyOfRepositoryAsync()
    {
        var copy = Directory.CreateTempSubdirectory("tf-msbuild-").FullName;
        var files = await ExternalProcess.RunAsync(RepositoryFiles.Root, null, "git", "ls-files", "-co", "--exclude-standard", "-z");
        Assert.That(files.ExitCode, Is.Zero, files.ToString());
        foreach (var file in files.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var from = Path.Combine(RepositoryFiles.Root, file);
            if (!File.Exists(from) || file.StartsWith("tools/bench/", StringComparison.Ordinal))
                continue;
            var to = Path.Combine(copy, file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        }
        // As after a checkout: the scripts are not older than the migrations they were generated from.
        foreach (var script in Directory.EnumerateFiles(Path.Combine(copy, "migrations", "sql"), "*.sql", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(script, DateTime.UtcNow);
        return copy;
    }
}
