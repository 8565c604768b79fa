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

    [Test]
    public async Task A_row_MySQL_cannot_store_stops_the_way_back_under_fail_and_is_quarantined_under_quarantine_never_truncated_or_skipped()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await dbs.SyncThenCutOverAsync();
        // 40,000 two-byte characters: 80,000 bytes, more than MySQL's TEXT holds (65,535 bytes).
        await dbs.Target.ExecuteAsync("""
            UPDATE requests SET requester = 'fine' WHERE id = 101;
            UPDATE webhook_deliveries SET response_body = repeat('é', 40000) WHERE id = 10;
            """);

        var failed = await dbs.SyncBackAsync();

        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(failed.Stderr, Does.Contain("table webhook_deliveries, key 10, column response_body: "));
        Assert.That(failed.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
        Assert.That(await dbs.SourceScalarAsync("SELECT response_body FROM webhook_deliveries WHERE id = 10"), Is.EqualTo("ok"), "not truncated");
        Assert.That(await dbs.SourceScalarAsync("SELECT requester FROM requests WHERE id = 101"), Is.Null, "the batch rolled back");
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM taskflow_sync_changes"), Is.EqualTo("2"), "both changes are still pending");

        // PostgreSQL refuses an address that differs from user 10's (zoe@example.org) only in case, as MySQL does.
        Assert.That(async () => await dbs.Target.ExecuteAsync("INSERT INTO users (id, name, email, role) VALUES (31, 'Zoë', 'ZOE@Example.ORG', 'ANALYST')"),
            Throws.InstanceOf<Npgsql.PostgresException>().With.Property("SqlState").EqualTo("23505"));
        // Values outside what MySQL's columns hold: TIMESTAMP's 1970-2038, DATE's years 1-9999, JSON nested deeper
        // than MySQL (100) and MariaDB (31) accept, and an address that MySQL's PAD SPACE collation (utf8mb4_unicode_ci)
        // finds equal to user 10's while PostgreSQL keeps its trailing space.
        await dbs.Target.ExecuteAsync("""
            UPDATE webhooks SET last_triggered_at = 'infinity' WHERE id = 11;
            UPDATE processing_jobs SET completed_at = '2040-01-01 00:00:00+00' WHERE id = 'a3bb189e-8bf9-3888-9912-ace4e6543002';
            UPDATE requests SET due_date = '0044-03-15 BC' WHERE id = 102;
            UPDATE users SET preferences = (repeat('[', 101) || repeat(']', 101))::jsonb WHERE id = 12;
            INSERT INTO users (id, name, email, role) VALUES (30, 'Zoë with a space', 'zoe@example.org ', 'ANALYST');
            """);
        var file = Path.Combine(Path.GetTempPath(), $"sync-back-quarantine-{Guid.NewGuid():N}.jsonl");
        try
        {
            var quarantined = await dbs.SyncBackAsync("--on-error", "quarantine", "--quarantine-file", file);

            Assert.That(quarantined.ExitCode, Is.EqualTo(4), quarantined.ToString());
            var lines = await File.ReadAllTextAsync(file);
            foreach (var (table, key, column) in new[]
                     {
                         ("webhook_deliveries", "10", "response_body"), ("webhooks", "11", "last_triggered_at"),
                         ("processing_jobs", "a3bb189e-8bf9-3888-9912-ace4e6543002", "completed_at"), ("requests", "102", "due_date"),
                         ("users", "12", "preferences"), ("users", "30", "email"),
                     })
            {
                Assert.That(lines, Does.Contain($"\"table\":\"{table}\",\"key\":\"{key}\",\"column\":\"{column}\""), lines);
                Assert.That(quarantined.Stderr, Does.Contain($"quarantined: table {table}, key {key}, column {column}: "));
            }
            // MySQL keeps the versions it had; the rows it can store arrive.
            Assert.That(await dbs.SourceScalarAsync("SELECT response_body FROM webhook_deliveries WHERE id = 10"), Is.EqualTo("ok"));
            Assert.That(await dbs.SourceScalarAsync("SELECT last_triggered_at FROM webhooks WHERE id = 11"), Is.Null);
            Assert.That(await dbs.SourceScalarAsync("SELECT completed_at FROM processing_jobs WHERE id = 'a3bb189e-8bf9-3888-9912-ace4e6543002'"), Is.Null);
            Assert.That(await dbs.SourceScalarAsync("SELECT CAST(due_date AS CHAR) FROM requests WHERE id = 102"), Is.EqualTo("2024-03-29"));
            Assert.That(await dbs.SourceScalarAsync("SELECT CAST(preferences AS CHAR) FROM users WHERE id = 12"), Is.EqualTo("{}"));
            Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM users WHERE id = 30"), Is.EqualTo("0"));
            Assert.That(await dbs.SourceScalarAsync("SELECT requester FROM requests WHERE id = 101"), Is.EqualTo("fine"));
            Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_sync_quarantine"), Is.EqualTo("6"));

            // Fixed on PostgreSQL: the rows arrive and leave the quarantine.
            await dbs.Target.ExecuteAsync("""
                UPDATE webhook_deliveries SET response_body = 'ok again' WHERE id = 10;
                UPDATE webhooks SET last_triggered_at = '2025-06-01 10:00:00+00' WHERE id = 11;
                UPDATE processing_jobs SET completed_at = '2025-06-01 10:00:00+00' WHERE id = 'a3bb189e-8bf9-3888-9912-ace4e6543002';
                UPDATE requests SET due_date = '2025-06-30' WHERE id = 102;
                UPDATE users SET preferences = '{"fixed": true}' WHERE id = 12;
                DELETE FROM users WHERE id = 30;
                """);
            var fixedRun = await dbs.SyncBackAsync("--on-error", "quarantine", "--quarantine-file", file);
            Assert.That(fixedRun.ExitCode, Is.Zero, fixedRun.ToString());
            Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_sync_quarantine"), Is.EqualTo("0"));
            Assert.That(await File.ReadAllTextAsync(file), Is.Empty, "the file is the record as it is now");
            await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target, wholeSeconds: true);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
