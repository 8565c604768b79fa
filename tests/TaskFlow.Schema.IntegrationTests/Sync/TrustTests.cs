using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>
/// What the sync and the cut-over call verified was compared after the capture began, and a refused sync leaves the
/// source as it was: no trigger, no change table.
/// </summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class TrustTests
{
    [Test]
    public async Task A_copy_data_copy_made_before_any_capture_is_refused_by_sync_and_cutover_before_anything_is_installed()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        var copy = await ToolProcess.RunAsync("copy-data", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        // Written after the copy and before any capture: no trigger sees them.
        await dbs.Source.ExecuteAsync("UPDATE users SET name = CONCAT(name, ' (changed)')");
        await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'changed after the copy' WHERE id <= 50");

        var sync = await dbs.SyncAsync("--until-caught-up");
        var cutover = await dbs.CutoverAsync();

        Assert.That(sync.ExitCode, Is.EqualTo(1), sync.ToString());
        Assert.That(sync.Stderr, Does.Contain("copy-data").And.Contain("before the change capture").And.Contain("empty database"));
        Assert.That(sync.Stderr, Does.Not.Contain("Change capture installed").And.Not.Contain("Caught up"));
        await AssertSourceUntouchedAsync(dbs);
        Assert.That(cutover.ExitCode, Is.EqualTo(1), cutover.ToString());
        Assert.That(await dbs.SourceScalarAsync("SELECT @@GLOBAL.read_only"), Is.EqualTo("0"));
    }

    [Test]
    public async Task A_target_filled_under_a_capture_that_was_removed_since_is_refused_and_not_resumed()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        // The source's capture goes (by hand, or a stop run on the source alone); writes in between reach no change table.
        await using (var connection = await dbs.Source.OpenAsync())
            await Schema.Dialects.DialectRegistry.ChangeCapture(DatabaseEngine.MySql).RemoveAsync(connection, CancellationToken.None);
        await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'written while nothing captured' WHERE id <= 5");

        var sync = await dbs.SyncAsync("--until-caught-up");
        var cutover = await dbs.CutoverAsync();

        Assert.That(sync.ExitCode, Is.EqualTo(1), sync.ToString());
        Assert.That(sync.Stderr, Does.Contain("no longer installed").And.Contain("empty database"));
        await AssertSourceUntouchedAsync(dbs);
        Assert.That(cutover.ExitCode, Is.EqualTo(1), cutover.ToString());
        Assert.That(cutover.Stderr, Does.Contain("no change capture"));
    }

    [TestCase("CREATE TABLE unrelated (id int PRIMARY KEY)", "not empty")]
    [TestCase(null, "step")]
    public async Task A_refused_sync_installs_nothing_on_the_source(string? targetSql, string reason)
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        if (targetSql is not null)
            await dbs.Target.ExecuteAsync(targetSql);
        else
        {
            // The target was brought to another step than the source by hand, then a copy started into it.
            await dbs.Target.Migrator().UpAsync(CopyDatabases.Baseline, CancellationToken.None);
        }

        var sync = await dbs.SyncAsync("--until-caught-up");

        Assert.That(sync.ExitCode, Is.EqualTo(1), sync.ToString());
        Assert.That(sync.Stderr, Does.Contain(reason));
        Assert.That(sync.Stderr, Does.Not.Contain("Change capture installed"));
        Assert.That(sync.Stderr, Does.Contain("Nothing was installed"));
        await AssertSourceUntouchedAsync(dbs);
        Assert.That((await ToolProcess.RunAsync("up", "--connection", dbs.Source.Url)).ExitCode, Is.Zero, "up is not refused on the source");
    }

    [Test]
    public async Task A_sync_whose_copy_fails_on_a_bad_row_says_that_its_capture_stays_for_the_rerun()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text) VALUES (9001, 't'); INSERT INTO processing_jobs (id, request_id) VALUES ('not-a-uuid-zzzz', 9001)");

        var sync = await dbs.SyncAsync("--until-caught-up");

        Assert.That(sync.ExitCode, Is.Not.Zero, sync.ToString());
        Assert.That(sync.Stderr, Does.Contain("processing_jobs").And.Contain("not-a-uuid-zzzz"));
        Assert.That(sync.Stderr, Does.Contain("change capture stays installed").And.Contain("sync stop"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.Not.EqualTo("0"));
    }

    [Test]
    public async Task URLs_named_by_environment_variables_keep_passwords_out_of_the_process_list()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        var environment = new Dictionary<string, string?> { ["SOURCE_URL"] = dbs.Source.Url, ["TARGET_URL"] = dbs.Target.Url };
        using var sync = RunningTool.Start(environment, "sync", "--from-env", "SOURCE_URL", "--to-env", "TARGET_URL");
        await sync.WaitForStderrAsync("Full copy done", TimeSpan.FromMinutes(2));
        await sync.WaitForStderrAsync("changes applied, ", TimeSpan.FromMinutes(1));
        var commandLine = sync.CommandLine;
        sync.Interrupt();
        Assert.That((await sync.WaitAsync(TimeSpan.FromMinutes(1))).ExitCode, Is.Zero, sync.Stderr);
        var status = await ToolProcess.RunAsync(environment, "sync", "status", "--from-env", "SOURCE_URL", "--to-env", "TARGET_URL");
        var up = await ToolProcess.RunAsync(new Dictionary<string, string?> { ["MY_DB"] = dbs.Target.Url }, "status", "--connection-env", "MY_DB");
        var unset = await ToolProcess.RunAsync("sync", "status", "--from-env", "NO_SUCH_VARIABLE_X", "--to", dbs.Target.Url);
        var both = await ToolProcess.RunAsync(environment, "sync", "status", "--from-env", "SOURCE_URL", "--from", dbs.Source.Url, "--to", dbs.Target.Url);

        Assert.That(commandLine, Does.Contain("--from-env SOURCE_URL").And.Not.Contain("taskflow:taskflow"));
        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        Assert.That(status.Stdout, Does.Contain(": syncing"));
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        Assert.That(unset.ExitCode, Is.EqualTo(1), unset.ToString());
        Assert.That(unset.Stderr.Trim(), Does.Contain("--from-env NO_SUCH_VARIABLE_X").And.Contain("not set"));
        Assert.That(both.ExitCode, Is.EqualTo(1), both.ToString());
        Assert.That(both.Stderr, Does.Contain("pass one of them"));
    }

    private static async Task AssertSourceUntouchedAsync(SyncDatabases dbs)
    {
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.EqualTo("0"),
            "no trigger left on the source");
        Assert.That(await dbs.SourceScalarAsync(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'taskflow\\_sync\\_%'"), Is.EqualTo("0"),
            "no sync table left on the source");
    }
}
