using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>
/// The window's row counts are taken before writes stop, in snapshots held open, and brought forward by what changed
/// since: the changed keys and the rows their foreign-key actions reached. These tests change the source between the
/// counts and the window (the cut-over's test hook waits there) with foreign-key actions MySQL does without a trigger,
/// and show that the counts still come out right, and that a foreign-key action the target did not reproduce is caught
/// although no captured key names the rows it changed.
/// </summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class CutoverBaselineTests
{
    [Test]
    public async Task Cascades_and_set_nulls_after_the_counts_are_accounted_for_and_the_rows_they_reached_are_compared()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);

        var cutover = await PausedCutoverAsync(dbs, """
            DELETE FROM workflows WHERE id = 10;
            INSERT INTO requests (id, text, status) VALUES (900, 'after the counts', 'NEW');
            DELETE FROM requests WHERE id = 101;
            UPDATE ai_outputs SET model_name = 'later' WHERE id = 12;
            """);

        Assert.That(cutover.ExitCode, Is.Zero, cutover.ToString());
        Assert.That(cutover.Stderr, Does.Contain("Before writes stop: row counts of"));
        Assert.That(cutover.Stderr, Does.Not.Contain("Counting again in full"), "every table is accounted for by its changed keys");
        Assert.That(cutover.Stderr, Does.Not.Contain("warning:"), "the drain's staging prints no notice (DROP TABLE IF EXISTS pg_temp… did)");
        using var json = JsonDocument.Parse(cutover.Stdout);
        // Workflow 10's delete reached two blocks, their two inputs (a second generation), its dashboard config and the two
        // requests whose workflow_id became NULL: rows with no captured key of their own.
        Assert.That(json.RootElement.GetProperty("rows_reached").GetInt64(), Is.GreaterThanOrEqualTo(5));
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        Assert.That(tables["workflow_blocks"].GetProperty("source_rows").GetInt64(), Is.EqualTo(long.Parse(
            (await dbs.SourceScalarAsync("SELECT COUNT(*) FROM workflow_blocks"))!, System.Globalization.CultureInfo.InvariantCulture)),
            "the count brought forward is the table's count now");
        Assert.That(tables["requests"].GetProperty("target_rows").GetInt64(), Is.EqualTo(long.Parse(
            (await dbs.TargetScalarAsync("SELECT COUNT(*) FROM requests"))!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM workflow_block_inputs WHERE block_id IN (10, 11)"), Is.EqualTo("0"),
            "MySQL cascaded two generations without a trigger");
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task A_cascade_the_target_does_not_reproduce_after_the_counts_is_caught_with_mysql_left_the_primary()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        // The target loses its ON DELETE CASCADE from workflow_blocks to workflows: only MySQL still has it.
        await dbs.Target.ExecuteAsync("""
            DO $$ BEGIN
              EXECUTE (SELECT format('ALTER TABLE workflow_blocks DROP CONSTRAINT %I', conname) FROM pg_constraint
                       WHERE conrelid = 'workflow_blocks'::regclass AND confrelid = 'workflows'::regclass);
            END $$
            """);

        var cutover = await PausedCutoverAsync(dbs, "DELETE FROM workflows WHERE id = 10");

        // Row counts taken before the delete agree, and no captured key names the blocks: only following the foreign key
        // from the deleted workflow to its blocks (the source's, the target no longer has it) finds them.
        Assert.That(cutover.ExitCode, Is.EqualTo(2), cutover.ToString());
        Assert.That(cutover.Stderr, Does.Contain("Verification failed: table workflow_blocks, key 10: row is in the target but not in the source"));
        Assert.That(cutover.Stderr, Does.Contain("is still the primary"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"),
            Is.Not.EqualTo("0"), "the forward capture is still in place");
    }

    [Test]
    public async Task A_row_written_after_the_counts_and_cascaded_away_in_the_window_leaves_the_counts_right()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);

        // Workflow 50 and its block come after the counts (in no snapshot); the block is compared and read before writes
        // stop. Then, just before read-only, the workflow's delete cascades the block away on MySQL without a trigger:
        // only the parent the block referenced when it was read ties it to the delete the window applies.
        var cutover = await PausedCutoverAsync(dbs, """
            INSERT INTO workflows (id, name, status, is_default, created_by) VALUES (50, 'short-lived', 'ACTIVE', 0, 10);
            INSERT INTO workflow_blocks (id, workflow_id, name, prompt, order_index, block_type) VALUES (50, 50, 'b', 'p', 0, 'CORE');
            """, "DELETE FROM workflows WHERE id = 50");

        Assert.That(cutover.ExitCode, Is.Zero, cutover.ToString());
        using var json = JsonDocument.Parse(cutover.Stdout);
        var blocks = json.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "workflow_blocks");
        var count = long.Parse((await dbs.SourceScalarAsync("SELECT COUNT(*) FROM workflow_blocks"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM workflow_blocks WHERE id = 50"), Is.EqualTo("0"));
        Assert.That(blocks.GetProperty("source_rows").GetInt64(), Is.EqualTo(count), "the block cascaded away is not counted");
        Assert.That(blocks.GetProperty("target_rows").GetInt64(), Is.EqualTo(count));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task A_table_lock_another_session_holds_makes_the_cutover_give_up_instead_of_waiting_for_ever()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        // The application's account (read_only stops it, so the cut-over begins) holds the lock.
        await using var app = await AppUser.CreateAsync(dbs.Source, "SELECT, LOCK TABLES");
        await using var session = await app.OpenAsync();
        try
        {
            // MariaDB sets read_only past a LOCK TABLES … READ, and removing the forward capture (DROP TRIGGER) then waits for
            // the lock; MySQL 8 makes read_only itself wait. Without a bound the window would last as long as the lock.
            var cutover = await PausedCutoverAsync(dbs, "SELECT 1", () => RunAsync(session, "LOCK TABLES requests READ"));

            Assert.That(cutover.ExitCode, Is.EqualTo(1), cutover.ToString());
            Assert.That(cutover.Stderr, Does.Contain("MySQL waited 20 s for a lock another session holds"));
            // MariaDB: stopped while removing the forward capture, which may be partly gone; MySQL 8: stopped before read_only.
            Assert.That(cutover.Stderr, Does.Contain("keep it read-only and run cutover again").Or.Contain("Nothing was changed"));
        }
        finally
        {
            await RunAsync(session, "UNLOCK TABLES");
        }
        // What the message says to do works: the cut-over again, once the lock is gone.
        var again = await dbs.CutoverAsync();
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.EqualTo("0"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    private static async Task RunAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // A cut-over that waits, once its row counts are taken, for the source to run `writes`, and just before it sets
    // read_only for `beforeReadOnly`.
    private static Task<ToolProcess.Result> PausedCutoverAsync(SyncDatabases dbs, string writes, string? beforeReadOnly = null) =>
        PausedCutoverAsync(dbs, writes, beforeReadOnly is null ? null : () => dbs.Source.ExecuteAsync(beforeReadOnly));

    private static async Task<ToolProcess.Result> PausedCutoverAsync(SyncDatabases dbs, string writes, Func<Task>? beforeReadOnly)
    {
        var go = Path.Combine(Path.GetTempPath(), $"taskflow-cutover-{Guid.NewGuid():N}");
        using var cutover = RunningTool.Start(new Dictionary<string, string?> { ["TASKFLOW_CUTOVER_TEST_PAUSE"] = go },
            "cutover", "--from", dbs.Source.Url, "--to", dbs.Target.Url, "--json");
        try
        {
            await cutover.WaitForStderrAsync("cutover test hook: paused", TimeSpan.FromMinutes(2));
            await dbs.Source.ExecuteAsync(writes);
            await File.WriteAllTextAsync(go, "");
            await cutover.WaitForStderrAsync("cutover test hook: paused before read-only", TimeSpan.FromMinutes(2));
            if (beforeReadOnly is not null)
                await beforeReadOnly();
            await File.WriteAllTextAsync(go + ".window", "");
            return await cutover.WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            File.Delete(go);
            File.Delete(go + ".window");
        }
    }
}
