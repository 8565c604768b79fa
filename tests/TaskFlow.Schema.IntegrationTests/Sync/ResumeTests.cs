using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

[TestFixture, Category(SyncCategory.Name)]
public sealed class SyncResumeTests
{
    [Test]
    public async Task A_sync_killed_during_the_full_copy_reruns_to_equal_rows()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text, workflow_id) SELECT 1000 + seq, CONCAT('bulk ', seq), 10 FROM seq_1_to_500");
        // Internal test hook of the copy: the load of requests stops after 200 rows inside its open transaction.
        using (var sync = dbs.StartSync(new Dictionary<string, string?> { ["TASKFLOW_COPY_TEST_PAUSE"] = "requests:200" }))
        {
            await sync.WaitForStderrAsync("test hook: paused", TimeSpan.FromMinutes(2));
            await sync.KillHardAsync();
        }
        // Written while nothing runs: the capture, installed before the copy, has them.
        await dbs.Source.ExecuteAsync("""
            UPDATE requests SET text = 'changed after the kill', due_date = '2026-05-05' WHERE id = 1001;
            DELETE FROM requests WHERE id = 1002;
            DELETE FROM workflows WHERE id = 11;
            UPDATE users SET preferences = NULL WHERE id = 10;
            INSERT INTO ai_outputs (id, request_id, summary) VALUES (900, 1003, 'late');
            """);

        var rerun = await dbs.SyncAsync("--until-caught-up");

        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(rerun.Stderr, Does.Contain("users: already copied"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task A_sync_killed_after_a_batch_committed_but_before_its_changes_were_cleared_reruns_to_equal_rows()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        await dbs.Source.ExecuteAsync("""
            INSERT INTO requests (id, text, workflow_id, assigned_analyst_id) SELECT 2000 + seq, CONCAT('r', seq), 10, 11 FROM seq_1_to_50;
            UPDATE requests SET status = 'CLOSED', requester = NULL WHERE id BETWEEN 2001 AND 2010;
            UPDATE exercise_permissions SET id = 700 WHERE id = 10;
            DELETE FROM workflows WHERE id = 10;
            DELETE FROM users WHERE id = 11;
            """);
        var pending = await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_sync_changes");

        // Internal test hook: the first batch commits on PostgreSQL, then the process stops before clearing its change rows.
        using (var sync = dbs.StartSync(new Dictionary<string, string?> { ["TASKFLOW_SYNC_TEST_PAUSE"] = "1" }))
        {
            await sync.WaitForStderrAsync("sync test hook: paused", TimeSpan.FromMinutes(2));
            await sync.KillHardAsync();
        }
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_sync_changes"), Is.EqualTo(pending), "the applied batch is still pending");
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM requests WHERE id > 2000"), Is.EqualTo("50"), "and already on PostgreSQL");

        var rerun = await dbs.SyncAsync("--until-caught-up");

        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_sync_changes"), Is.EqualTo("0"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM workflow_blocks WHERE workflow_id = 10"), Is.EqualTo("0"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }
}
