using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>What a cut-over killed in its window leaves is visible: status, sync and the next cut-over say it, with the ways on.</summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class InterruptedCutoverTests
{
    [Test]
    public async Task A_cutover_killed_after_read_only_leaves_a_status_that_says_since_when_at_which_step_and_the_two_ways_on()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        var go = Path.Combine(Path.GetTempPath(), $"taskflow-cutover-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(go + ".drain.wanted", "");
        try
        {
            using (var cutover = RunningTool.Start(new Dictionary<string, string?> { ["TASKFLOW_CUTOVER_TEST_PAUSE"] = go },
                       "cutover", "--from", dbs.Source.Url, "--to", dbs.Target.Url))
            {
                await cutover.WaitForStderrAsync("cutover test hook: paused", TimeSpan.FromMinutes(2));
                await File.WriteAllTextAsync(go, "");
                await cutover.WaitForStderrAsync("cutover test hook: paused before read-only", TimeSpan.FromMinutes(2));
                await File.WriteAllTextAsync(go + ".window", "");
                await cutover.WaitForStderrAsync("cutover test hook: paused after read-only", TimeSpan.FromMinutes(2));
                await cutover.KillHardAsync();
            }
        }
        finally
        {
            File.Delete(go);
            File.Delete(go + ".window");
            File.Delete(go + ".drain.wanted");
        }
        Assert.That(await dbs.SourceScalarAsync("SELECT @@GLOBAL.read_only"), Is.EqualTo("1"), "the kill left MySQL read-only");

        var status = await ToolProcess.RunAsync("sync", "status", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        var json = await ToolProcess.RunAsync("sync", "status", "--from", dbs.Source.Url, "--to", dbs.Target.Url, "--json");
        var sync = await dbs.SyncAsync("--until-caught-up");

        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        Assert.That(status.Stdout, Does.Contain(": read-only: cut-over interrupted"));
        Assert.That(status.Stdout, Does.Contain("read-only since").And.Contain("interrupted at: draining the pending changes")
            .And.Contain("run cutover again").And.Contain("SET GLOBAL read_only = OFF;"));
        Assert.That(json.Stdout, Does.Contain("\"notice\":").And.Contain("read-only since"));
        Assert.That(sync.Stderr, Does.Contain("Note: ").And.Contain("read-only since"), sync.ToString());

        var again = await dbs.CutoverAsync();
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.Stderr, Does.Contain("Note: ").And.Contain("interrupted at"));
        var after = await ToolProcess.RunAsync("sync", "status", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        Assert.That(after.Stdout, Does.Contain(": cut over").And.Not.Contain("note:"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task A_cutover_killed_while_removing_the_forward_capture_reads_as_partly_removed_until_a_rerun_finishes_it()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        var triggers = int.Parse((await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))!,
            System.Globalization.CultureInfo.InvariantCulture);
        // A reader's open transaction on the table whose triggers go last holds their removal up (the application's
        // account: one that read_only stops, or the cut-over would not begin).
        await using var app = await AppUser.CreateAsync(dbs.Source, "SELECT");
        await using var reader = await app.OpenAsync();
        await using (var begin = reader.CreateCommand())
        {
            begin.CommandText = "START TRANSACTION; SELECT COUNT(*) FROM workflows;";
            await begin.ExecuteScalarAsync();
        }
        using (var cutover = RunningTool.Start(null, "cutover", "--from", dbs.Source.Url, "--to", dbs.Target.Url))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await CountTriggersAsync(dbs) is var left && (left == triggers || left == 0) && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            await Task.Delay(500);
            await cutover.KillHardAsync();
            Assert.That(await CountTriggersAsync(dbs), Is.LessThan(triggers), "the cut-over began removing its capture:\n" + cutover.Stderr);
        }
        await using (var commit = reader.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }
        // The killed cut-over's DROP TRIGGER that was waiting for the reader may still complete on the server: wait until
        // the count holds still.
        var remaining = await CountTriggersAsync(dbs);
        for (var settled = 0; settled < 5; settled++)
        {
            await Task.Delay(200);
            var now = await CountTriggersAsync(dbs);
            if (now != remaining)
                (remaining, settled) = (now, 0);
        }
        Assert.That(remaining, Is.GreaterThan(0).And.LessThan(triggers), "killed part-way through the removal");

        var status = await ToolProcess.RunAsync("sync", "status", "--from", dbs.Source.Url, "--to", dbs.Target.Url);

        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        Assert.That(status.Stdout, Does.Contain(": cut over, forward capture partly removed"));
        Assert.That(status.Stdout, Does.Contain($"{remaining} of its triggers are still on").And.Contain("run cutover again"));
        var again = await dbs.CutoverAsync();
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(await CountTriggersAsync(dbs), Is.Zero);
        var after = await ToolProcess.RunAsync("sync", "status", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        Assert.That(after.Stdout, Does.Contain(": cut over").And.Not.Contain("partly removed"));
    }

    private static async Task<int> CountTriggersAsync(SyncDatabases dbs) =>
        int.Parse((await dbs.SourceScalarAsync(
            "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name LIKE 'taskflow\\_sync\\_%'"))!,
            System.Globalization.CultureInfo.InvariantCulture);
}
