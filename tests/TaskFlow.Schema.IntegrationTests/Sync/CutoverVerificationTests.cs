using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>
/// The window's verification does not read whole tables: row counts of every table, every changed key row by row, the
/// NULLs of ON DELETE SET NULL keys (rows MySQL changes without a trigger), and a full comparison only of a table the
/// full copy did not verify (or of every table with --full-verify). Each of those checks is shown to catch what it is
/// there for, with MySQL left the primary; the last cut-over, with the damage repaired, goes through.
/// </summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class CutoverVerificationTests
{
    // Changes on the target behind the sync's back: no trigger (updated_at stays), no foreign-key action.
    private const string Behind = "SET session_replication_role = replica; ";

    [Test]
    public async Task Each_check_of_the_window_catches_its_kind_of_difference_and_a_repaired_target_cuts_over()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        Assert.That(await dbs.TargetScalarAsync("SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('requests', 'ai_outputs') AND last_vacuum IS NOT NULL"),
            Is.EqualTo("2"), "the full copy's tables are vacuumed once, before any cut-over (no autovacuum of them in its window)");
        // A sync installed by a build before the keys' checked mark: the next sync and the cut-over add it.
        await dbs.Target.ExecuteAsync("ALTER TABLE taskflow_sync_keys DROP COLUMN checked");
        // A changed key, and a parent delete whose SET NULL on requests.workflow_id MySQL does without a trigger.
        await dbs.Source.ExecuteAsync("UPDATE requests SET requester = 'changed' WHERE id = 101; DELETE FROM workflows WHERE id = 10");
        var resumed = await dbs.SyncAsync("--until-caught-up");
        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        Assert.That(resumed.Stderr, Does.Not.Contain("already exists"), "bringing the bookkeeping up to date prints nothing");

        // 1. A value of a key that did not change since the copy: only a full comparison sees it.
        await dbs.Target.ExecuteAsync(Behind + "UPDATE ai_outputs SET model_name = 'tampered' WHERE id = 12");
        await ExpectRefusedAsync(dbs, "table ai_outputs, key 12, column model_name", "--full-verify");
        await dbs.Target.ExecuteAsync(Behind + "UPDATE ai_outputs SET model_name = NULL WHERE id = 12");

        // 2. A table the full copy did not verify is compared in full.
        await dbs.Target.ExecuteAsync("UPDATE taskflow_copy_state SET verified = false WHERE table_name = 'ai_outputs'; " +
            Behind + "UPDATE ai_outputs SET model_name = 'tampered' WHERE id = 12");
        var refused = await ExpectRefusedAsync(dbs, "table ai_outputs, key 12, column model_name");
        Assert.That(refused.Stderr, Does.Contain("Comparing in full: ai_outputs."));
        await dbs.Target.ExecuteAsync(Behind + "UPDATE ai_outputs SET model_name = NULL WHERE id = 12; " +
            "UPDATE taskflow_copy_state SET verified = true WHERE table_name = 'ai_outputs'");

        // 3. A row lost from a table, under a key that never changed: the counts.
        await dbs.Target.ExecuteAsync(Behind + "CREATE SCHEMA kept; CREATE TABLE kept.row AS SELECT * FROM ai_outputs WHERE id = 11; DELETE FROM ai_outputs WHERE id = 11");
        await ExpectRefusedAsync(dbs, "table ai_outputs, 3 rows in the source, 2 in the target");
        await dbs.Target.ExecuteAsync(Behind + "INSERT INTO ai_outputs OVERRIDING SYSTEM VALUE SELECT * FROM kept.row; DROP SCHEMA kept CASCADE");

        // 4. A SET NULL the target did not reproduce: the NULLs of that key.
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM requests WHERE workflow_id IS NULL"), Is.EqualTo("3"),
            "PostgreSQL reproduced the SET NULL when the workflow's delete was applied");
        await dbs.Target.ExecuteAsync(Behind + "UPDATE requests SET workflow_id = 11 WHERE id = 100");
        await ExpectRefusedAsync(dbs, "table requests, 3 rows with workflow_id NULL in the source, 2 in the target");
        await dbs.Target.ExecuteAsync(Behind + "UPDATE requests SET workflow_id = NULL WHERE id = 100");

        // 5. A changed key: row by row.
        await dbs.Target.ExecuteAsync(Behind + "UPDATE requests SET requester = 'other' WHERE id = 101");
        await ExpectRefusedAsync(dbs, "table requests, key 101, column requester: source 'changed', target 'other'");
        await dbs.Target.ExecuteAsync(Behind + "UPDATE requests SET requester = 'changed' WHERE id = 101");

        await SyncDatabases.AllowWritesAsync();
        var cutover = await dbs.CutoverAsync("--json");
        Assert.That(cutover.ExitCode, Is.Zero, cutover.ToString());
        Assert.That(cutover.Stderr, Does.Not.Contain("already exists"));
        using var json = JsonDocument.Parse(cutover.Stdout);
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToList();
        Assert.That(tables.Select(t => t.GetProperty("check").GetString()), Has.All.StartWith("row counts and changed keys"),
            "every table was verified by the full copy: nothing is read in full inside the window");
        // Nothing was written since the last sync: every changed key was compared before writes stopped, none again inside the window.
        Assert.That(json.RootElement.GetProperty("keys_checked_before").GetInt64(), Is.GreaterThanOrEqualTo(2), "request 101 and workflow 10 at least");
        Assert.That(json.RootElement.GetProperty("keys_verified").GetInt64(), Is.Zero);
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    private static async Task<ToolProcess.Result> ExpectRefusedAsync(SyncDatabases dbs, string difference, params string[] extra)
    {
        await SyncDatabases.AllowWritesAsync();
        var cutover = await dbs.CutoverAsync(extra);
        Assert.That(cutover.ExitCode, Is.EqualTo(2), cutover.ToString());
        Assert.That(cutover.Stderr, Does.Contain("Verification failed: " + difference));
        Assert.That(cutover.Stderr, Does.Contain("is still the primary"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"),
            Is.Not.EqualTo("0"), "the forward capture is still in place");
        return cutover;
    }
}
