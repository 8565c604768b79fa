using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

[TestFixture, Category(SyncCategory.Name)]
public sealed class LiveSyncTests
{
    // Oracle MySQL 9 fires the child tables' triggers for cascaded rows when enable_cascade_triggers is ON; MariaDB and MySQL 8 never.
    public static IEnumerable<bool> CascadeTriggers => TestServers.HasCascadeTriggers ? [false, true] : [false];

    [TestCaseSource(nameof(CascadeTriggers))]
    public async Task A_workflow_deleted_on_MySQL_cascades_on_PostgreSQL_to_blocks_inputs_configs_and_sets_requests_workflow_id_null(bool cascadeTriggers)
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        var first = await dbs.SyncAsync("--until-caught-up", "--json");
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM workflow_blocks WHERE workflow_id = 10"), Is.EqualTo("2"));

        // Without cascade triggers only the workflow's delete is captured: PostgreSQL's own foreign-key actions do the rest.
        // With them, every cascaded row is captured too, and each must arrive once, neither missed nor applied twice.
        // Set for the server, as production would: the application's sessions take it when they connect.
        if (cascadeTriggers)
            await dbs.Source.ExecuteAsync("SET GLOBAL enable_cascade_triggers = ON");
        try
        {
            // A session of its own: one that used these tables before their triggers existed (a pooled one, reset or not)
            // still fires none for cascaded rows on 9.7. Either way nothing is lost: PostgreSQL's own foreign-key actions
            // reproduce what was not captured, and what was is applied again harmlessly (rows are read, not replayed).
            await using var fresh = new MySqlConnector.MySqlConnection(dbs.Source.Target.ConnectionString + ";Pooling=false");
            await fresh.OpenAsync();
            await using var delete = fresh.CreateCommand();
            delete.CommandText = "DELETE FROM workflows WHERE id = 10";
            await delete.ExecuteNonQueryAsync();
        }
        finally
        {
            if (cascadeTriggers)
                await dbs.Source.ExecuteAsync("SET GLOBAL enable_cascade_triggers = OFF");
        }
        var captured = int.Parse((await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_sync_changes"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(captured, cascadeTriggers ? Is.GreaterThan(5) : Is.EqualTo(1));
        var sync = await dbs.SyncAsync("--until-caught-up", "--json");
        Assert.That(System.Text.Json.JsonDocument.Parse(sync.Stdout).RootElement.GetProperty("applied").GetInt32(), Is.EqualTo(captured),
            "every captured change applied once");

        Assert.That(sync.ExitCode, Is.Zero, sync.ToString());
        foreach (var child in new[] { "workflow_blocks", "workflow_dashboard_configs", "workflow_embedding_configs", "workflow_similarity_configs" })
            Assert.That(await dbs.TargetScalarAsync($"SELECT COUNT(*) FROM {child} WHERE workflow_id = 10"), Is.EqualTo("0"), child);
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM workflow_block_inputs WHERE block_id IN (10, 11)"), Is.EqualTo("0"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM custom_instructions WHERE workflow_block_id IN (10, 11)"), Is.EqualTo("0"));
        Assert.That(await dbs.TargetScalarAsync("SELECT string_agg(COALESCE(workflow_id::text, 'NULL'), ',' ORDER BY id) FROM requests WHERE id IN (100, 102)"),
            Is.EqualTo("NULL,NULL"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM processing_jobs WHERE workflow_id = 10"), Is.EqualTo("0"), "SET NULL on jobs too");
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task A_running_sync_applies_changes_within_seconds_reports_them_and_exits_0_on_SIGTERM()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        using var sync = dbs.StartSync();
        await sync.WaitForStderrAsync("Full copy done", TimeSpan.FromMinutes(2));
        await dbs.Source.ExecuteAsync("UPDATE requests SET requester = 'live' WHERE id = 101; DELETE FROM ai_outputs WHERE id = 12");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await dbs.TargetScalarAsync("SELECT requester FROM requests WHERE id = 101") != "live" && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
        Assert.That(await dbs.TargetScalarAsync("SELECT requester FROM requests WHERE id = 101"), Is.EqualTo("live"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "applied within seconds");
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM ai_outputs WHERE id = 12"), Is.EqualTo("0"));
        sync.Terminate();
        var stopped = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.That(stopped.ExitCode, Is.Zero, stopped.ToString());
        // Not a terminal: plain lines with the figures.
        Assert.That(stopped.Stderr, Does.Match(@"sync: \d+ changes applied, \d+/s, \d+ pending, oldest \d+\.\d s"));
        Assert.That(stopped.Stderr, Does.Contain("Stopped:").And.Contain("0 pending"));
        Assert.That(stopped.Stderr, Does.Not.Contain("taskflow:taskflow"));
    }
}
