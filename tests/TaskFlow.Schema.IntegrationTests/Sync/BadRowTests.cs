using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

[TestFixture, Category(SyncCategory.Name)]
public sealed class BadRowTests
{
    [Test]
    public async Task A_row_that_cannot_be_converted_during_sync_stops_it_under_fail_and_is_quarantined_under_quarantine_never_skipped()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        await dbs.Source.ExecuteAsync("""
            INSERT INTO workflow_blocks (id, workflow_id, name, prompt, order_index) VALUES (50, 11, 'child', 'p', 0);
            UPDATE workflows SET is_default = 2, name = 'two' WHERE id = 11;
            """);

        var failed = await dbs.SyncAsync("--until-caught-up");

        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(failed.Stderr, Does.Contain("table workflows, key 11, column is_default: TINYINT(1) holds 2"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_sync_changes"), Is.EqualTo("2"), "both changes are still pending (one batch, one transaction)");
        Assert.That(await dbs.TargetScalarAsync("SELECT name FROM workflows WHERE id = 11"), Is.EqualTo("Draft"));

        var file = Path.Combine(Path.GetTempPath(), $"sync-quarantine-{Guid.NewGuid():N}.jsonl");
        try
        {
            var quarantined = await dbs.SyncAsync("--until-caught-up", "--on-error", "quarantine", "--quarantine-file", file);

            Assert.That(quarantined.ExitCode, Is.EqualTo(4), quarantined.ToString());
            Assert.That(await File.ReadAllTextAsync(file), Does.Contain("\"table\":\"workflows\",\"key\":\"11\",\"column\":\"is_default\""));
            // The target keeps the version it had: deleting it would cascade there to rows the source still has.
            Assert.That(await dbs.TargetScalarAsync("SELECT name FROM workflows WHERE id = 11"), Is.EqualTo("Draft"));
            Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM taskflow_copy_quarantine WHERE table_name = 'workflows' AND key = '11'"), Is.EqualTo("1"));

            // Fixed at the source: the row arrives and leaves the quarantine.
            await dbs.Source.ExecuteAsync("UPDATE workflows SET is_default = 0 WHERE id = 11");
            var fixedRun = await dbs.SyncAsync("--until-caught-up", "--on-error", "quarantine", "--quarantine-file", file);
            Assert.That(fixedRun.ExitCode, Is.Zero, fixedRun.ToString());
            Assert.That(await dbs.TargetScalarAsync("SELECT name FROM workflows WHERE id = 11"), Is.EqualTo("two"));
            Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM taskflow_copy_quarantine"), Is.EqualTo("0"));
            await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
