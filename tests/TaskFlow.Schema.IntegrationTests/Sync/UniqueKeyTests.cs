using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>
/// Rows of one batch that exchange the values of a UNIQUE index (other than the primary key): written one by one, the
/// target's unique index would refuse the first row while the second still holds the value. Each case is arranged so
/// that the row taking the value has the lower key (the order the apply writes in), and the rows involved have
/// children with ON DELETE CASCADE, which a delete-and-insert of the parents would remove on the target.
/// </summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class UniqueKeyTests
{
    // MySQL/MariaDB syntax; every statement is captured by the forward triggers, one batch.
    private const string MySqlSwaps = """
        START TRANSACTION;
        -- users (referenced by workflows, ON DELETE CASCADE): 11 and 12 swap their e-mail addresses.
        UPDATE users SET email = 'swap@example.org' WHERE id = 11;
        UPDATE users SET email = 'sam@example.org' WHERE id = 12;
        UPDATE users SET email = 'ada@example.org' WHERE id = 11;
        -- exercises (partial unique index on is_default, unique name): the default moves from 11 to 10, names swap.
        UPDATE exercises SET is_default = 0, name = 'swap' WHERE id = 11;
        UPDATE exercises SET is_default = 1, name = 'Archived drill' WHERE id = 10;
        UPDATE exercises SET name = 'Spring review' WHERE id = 11;
        -- system_settings: 100 frees its key, a new row with a lower id takes it.
        UPDATE system_settings SET `key` = 'max_upload_size_mb' WHERE id = 100;
        INSERT INTO system_settings (id, `key`, value) VALUES (50, 'max_upload_mb', '30');
        -- workflow_dashboard_configs (unique NOT NULL foreign key column): 10 moves to workflow 11, a new 5 takes workflow 10.
        UPDATE workflow_dashboard_configs SET workflow_id = 11 WHERE id = 10;
        INSERT INTO workflow_dashboard_configs (id, workflow_id, fields, layout) VALUES (5, 10, '[]', 'grid');
        -- Primary-key updates: exercise_permissions 10 and 11 swap their keys (unique exercise_id, user_id) ...
        UPDATE exercise_permissions SET id = 900 WHERE id = 10;
        UPDATE exercise_permissions SET id = 10 WHERE id = 11;
        UPDATE exercise_permissions SET id = 11 WHERE id = 900;
        -- ... and webhook 12 moves to key 13 and swaps its name with webhook 10 (whose delivery cascades on delete).
        UPDATE webhooks SET name = 'swap' WHERE id = 12;
        UPDATE webhooks SET name = 'Empty events' WHERE id = 10;
        UPDATE webhooks SET id = 13, name = 'Records system' WHERE id = 12;
        COMMIT;
        """;

    [Test]
    public async Task Rows_of_one_batch_that_swap_or_free_and_take_unique_values_are_applied_and_their_children_stay()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("UPDATE exercises SET is_default = 0 WHERE id = 1; UPDATE exercises SET is_default = 1 WHERE id = 11;");
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        await dbs.Source.ExecuteAsync(MySqlSwaps);

        var sync = await dbs.SyncAsync("--until-caught-up");

        Assert.That(sync.ExitCode, Is.Zero, sync.ToString());
        Assert.That(await dbs.TargetScalarAsync("SELECT string_agg(email, ',' ORDER BY id) FROM users WHERE id IN (11, 12)"),
            Is.EqualTo("ada@example.org,sam@example.org"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM workflow_blocks WHERE workflow_id = 10"), Is.EqualTo("2"),
            "workflow 10 (created by user 12, ON DELETE CASCADE) and its blocks are still there");
        Assert.That(await dbs.TargetScalarAsync("SELECT webhook_id FROM webhook_deliveries WHERE id = 10"), Is.EqualTo("10"),
            "webhook 10's delivery (ON DELETE CASCADE) is still there");
        Assert.That(await dbs.TargetScalarAsync("SELECT exercise_id FROM requests WHERE id = 100"), Is.EqualTo("10"),
            "exercise 10 was updated in place, not deleted (ON DELETE SET NULL)");
        Assert.That(await dbs.TargetScalarAsync("SELECT id FROM exercises WHERE is_default"), Is.EqualTo("10"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task Rows_of_one_batch_that_swap_or_free_and_take_unique_values_on_PostgreSQL_are_applied_on_the_way_back()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await dbs.SyncThenCutOverAsync();
        // The seed's default exercise is 1; the batch moves it to 10 and gives 1 the name 10 had.
        await dbs.Target.ExecuteAsync("""
            BEGIN;
            UPDATE users SET email = 'swap@example.org' WHERE id = 11;
            UPDATE users SET email = 'sam@example.org' WHERE id = 12;
            UPDATE users SET email = 'ada@example.org' WHERE id = 11;
            UPDATE exercises SET is_default = false WHERE id = 1;
            UPDATE exercises SET name = 'swap' WHERE id = 10;
            UPDATE exercises SET name = 'Spring review' WHERE id = 1;
            UPDATE exercises SET is_default = true, name = 'Default Exercise' WHERE id = 10;
            UPDATE system_settings SET key = 'max_upload_size_mb' WHERE id = 100;
            INSERT INTO system_settings (id, key, value) VALUES (50, 'max_upload_mb', '30');
            UPDATE workflow_dashboard_configs SET workflow_id = 11 WHERE id = 10;
            INSERT INTO workflow_dashboard_configs (id, workflow_id, fields, layout) VALUES (5, 10, '[]', 'grid');
            UPDATE exercise_permissions SET id = 900 WHERE id = 10;
            UPDATE exercise_permissions SET id = 10 WHERE id = 11;
            UPDATE exercise_permissions SET id = 11 WHERE id = 900;
            UPDATE webhooks SET name = 'swap' WHERE id = 12;
            UPDATE webhooks SET name = 'Empty events' WHERE id = 10;
            UPDATE webhooks SET id = 13, name = 'Records system' WHERE id = 12;
            COMMIT;
            """);

        var back = await dbs.SyncBackAsync();

        Assert.That(back.ExitCode, Is.Zero, back.ToString());
        Assert.That(await dbs.SourceScalarAsync("SELECT GROUP_CONCAT(email ORDER BY id) FROM users WHERE id IN (11, 12)"),
            Is.EqualTo("ada@example.org,sam@example.org"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM workflow_blocks WHERE workflow_id = 10"), Is.EqualTo("2"));
        Assert.That(await dbs.SourceScalarAsync("SELECT webhook_id FROM webhook_deliveries WHERE id = 10"), Is.EqualTo("10"));
        Assert.That(await dbs.SourceScalarAsync("SELECT id FROM exercises WHERE is_default"), Is.EqualTo("10"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target, wholeSeconds: true);
    }

    [Test]
    public async Task A_batch_cut_at_its_limit_takes_in_the_rows_its_current_rows_depend_on_unique_values_freed_and_parents_inserted_later()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        // The first batch (1,000 changes) holds the first changes of user 11 and request 101, but not the later changes
        // that free user 12's address for user 11 and insert the workflow request 101 now points at; it reads the rows'
        // current state, which depends on both.
        await dbs.Source.ExecuteAsync("""
            UPDATE users SET name = 'Sam, renamed' WHERE id = 11;
            UPDATE requests SET requester = 'early' WHERE id = 101;
            INSERT INTO system_settings (id, `key`, value) SELECT 1000 + seq, CONCAT('filler ', seq), '1' FROM seq_1_to_1000;
            UPDATE users SET email = 'freed@example.org' WHERE id = 12;
            UPDATE users SET email = 'ada@example.org' WHERE id = 11;
            INSERT INTO workflows (id, name, status, is_default, created_by) VALUES (900, 'late parent', 'ACTIVE', 0, 11);
            UPDATE requests SET workflow_id = 900 WHERE id = 101;
            """);

        var sync = await dbs.SyncAsync("--until-caught-up");

        Assert.That(sync.ExitCode, Is.Zero, sync.ToString());
        Assert.That(await dbs.TargetScalarAsync("SELECT workflow_id FROM requests WHERE id = 101"), Is.EqualTo("900"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }
}
