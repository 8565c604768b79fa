using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>`check` as CI runs it: exit 0 when the committed scripts are current, 2 with a diff on drift, 1 when one is missing.</summary>
public sealed class CheckCommandTests
{
    [Test]
    public async Task Check_passes_on_current_scripts_and_reports_drift_with_a_unified_diff()
    {
        var dir = CopyOfCommittedScripts();
        try
        {
            var clean = await ToolProcess.RunAsync("check", "--dir", dir);
            Assert.That(clean.ExitCode, Is.Zero, clean.ToString());

            var file = Path.Combine(dir, "mysql", "init-complete.sql");
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, text.Replace("`email` VARCHAR(256)", "`email` VARCHAR(255)", StringComparison.Ordinal));

            var drift = await ToolProcess.RunAsync("check", "--dir", dir);
            Assert.That(drift.ExitCode, Is.EqualTo(2), drift.ToString());
            Assert.That(drift.Stdout, Does.Contain("@@"));
            Assert.That(drift.Stdout, Does.Contain("-CREATE TABLE `users` (`id` BIGINT NOT NULL AUTO_INCREMENT, `name` VARCHAR(128) NOT NULL, `email` VARCHAR(255)"));
            Assert.That(drift.Stdout, Does.Contain("+CREATE TABLE `users` (`id` BIGINT NOT NULL AUTO_INCREMENT, `name` VARCHAR(128) NOT NULL, `email` VARCHAR(256)"));
            Assert.That(drift.Stderr, Does.Contain("mysql"));

            File.Delete(Path.Combine(dir, "postgresql", "init-complete.sql"));
            var missing = await ToolProcess.RunAsync("check", "--dir", dir);
            Assert.That(missing.ExitCode, Is.EqualTo(1), missing.ToString());
            Assert.That(missing.Stderr, Does.Contain("does not exist"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string CopyOfCommittedScripts()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tf-check-" + Guid.NewGuid().ToString("N"));
        foreach (var engine in new[] { DatabaseEngine.PostgreSql, DatabaseEngine.MySql })
        {
            var source = RepositoryFiles.InitComplete(engine);
            var target = Path.Combine(dir, Path.GetFileName(Path.GetDirectoryName(source)!), "init-complete.sql");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
        return dir;
    }
}
