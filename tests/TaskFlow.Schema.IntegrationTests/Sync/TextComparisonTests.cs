using System.Data.Common;
using System.Text.Json;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>
/// Text TaskFlow keeps unique and looks up means the same on both engines after the move: MySQL's collations ignore
/// case and accents, and so does PostgreSQL's for those columns.
/// </summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class TextComparisonTests
{
    [Test]
    public async Task After_the_move_unique_text_refuses_another_case_or_accent_and_a_lookup_in_another_case_finds_the_row_on_both_engines()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        var copy = await ToolProcess.RunAsync("copy-data", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());

        foreach (var db in new[] { dbs.Source, dbs.Target })
        {
            var events = db.Engine == DatabaseEngine.MySql ? "'[]'" : "'{}'";
            Assert.Multiple(async () =>
            {
                // users 10 is zoe@example.org, webhook 11 'Chat alerts', exercise 10 'Spring review', setting max_upload_mb,
                // ground truth 10 (request 100, block 10, 'topic').
                Assert.That(await RefusedAsync(db, "INSERT INTO users (id, name, email, role) VALUES (40, 'Zoe', 'ZOE@Example.ORG', 'ANALYST')"), Is.True, $"{db.Engine}: case");
                Assert.That(await RefusedAsync(db, "INSERT INTO users (id, name, email, role) VALUES (41, 'Zoe', 'zoé@example.org', 'ANALYST')"), Is.True, $"{db.Engine}: accent");
                Assert.That(await RefusedAsync(db, $"INSERT INTO webhooks (id, name, url, events) VALUES (40, 'CHAT ALERTS', 'https://x.example.org/', {events})"), Is.True, $"{db.Engine}: webhook");
                Assert.That(await RefusedAsync(db, "INSERT INTO exercises (id, name) VALUES (40, 'Spring Réview')"), Is.True, $"{db.Engine}: exercise");
                Assert.That(await RefusedAsync(db, $"INSERT INTO system_settings (id, {Key(db)}, value) VALUES (140, 'MAX_UPLOAD_MB', '1')"), Is.True, $"{db.Engine}: setting");
                Assert.That(await RefusedAsync(db, "INSERT INTO ground_truth_data (id, request_id, workflow_block_id, field_path, ground_truth_value, created_by) VALUES (40, 100, 10, 'Topic', '\"x\"', 11)"),
                    Is.True, $"{db.Engine}: field path");
                Assert.That(await db.QueryAsync("SELECT id FROM users WHERE email = 'ZOE@EXAMPLE.ORG'"), Is.EqualTo(new[] { new[] { "10" } }), $"{db.Engine}: lookup");
                Assert.That(await db.QueryAsync("SELECT id FROM webhooks WHERE name = 'chat alerts'"), Is.EqualTo(new[] { new[] { "11" } }), $"{db.Engine}: lookup");
                Assert.That(await db.QueryAsync("SELECT id FROM exercises WHERE name = 'SPRING REVIEW'"), Is.EqualTo(new[] { new[] { "10" } }), $"{db.Engine}: lookup");
            });
        }
        // validate says where this MySQL database compares declared text otherwise than PostgreSQL: the test databases are
        // utf8mb4_unicode_ci, PAD SPACE; the notes never count, not even with --strict-names.
        var validate = await ToolProcess.RunAsync("validate", "--strict-names", "--connection", dbs.Source.Url);
        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        Assert.That(validate.Stdout, Does.Contain("note: text users.email: MySQL (utf8mb4_unicode_ci) ignores case, accents and trailing spaces, " +
                                                  "PostgreSQL (taskflow_ci_ai) ignores case and accents: `=` on PostgreSQL finds only what is equal there, " +
                                                  "where MySQL also finds trailing spaces variants; PostgreSQL accepts values MySQL's unique key refuses"));
        Assert.That(validate.Stdout, Does.Contain("note: text: every other text column compares exactly on PostgreSQL").And.Contain("copy-data --dry-run"));
        var onPostgres = await ToolProcess.RunAsync("validate", "--connection", dbs.Target.Url);
        Assert.That(onPostgres.Stdout, Does.Not.Contain("note: text"), onPostgres.ToString());

        // Another address, and one that differs in more than case, are taken on both.
        Assert.That(await RefusedAsync(dbs.Target, "INSERT INTO users (id, name, email, role) VALUES (42, 'Zoe', 'zoe2@example.org', 'ANALYST')"), Is.False);
        Assert.That(await RefusedAsync(dbs.Source, "INSERT INTO users (id, name, email, role) VALUES (42, 'Zoe', 'zoe2@example.org', 'ANALYST')"), Is.False);
    }

    [Test]
    public async Task Rows_distinct_on_MySQL_but_equal_under_the_target_collation_are_named_before_anything_is_loaded_by_the_copy_and_the_sync()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        // A hand-made source whose webhook names compare byte for byte: 'chat ALERTS' beside webhook 11's 'Chat alerts'.
        await dbs.Source.ExecuteAsync("""
            ALTER TABLE webhooks MODIFY name VARCHAR(255) NOT NULL COLLATE utf8mb4_bin;
            INSERT INTO webhooks (id, name, url, events) VALUES (20, 'chat ALERTS', 'https://y.example.org/', '[]');
            """);
        const string named = "webhooks: rows 11 (name 'Chat alerts'), 20 (name 'chat ALERTS') are distinct on MySQL but equal under PostgreSQL's " +
                             "collation taskflow_ci_ai, so unique index ux_webhooks_name (name) would refuse all but one";

        var copy = await ToolProcess.RunAsync("copy-data", "--from", dbs.Source.Url, "--to", dbs.Target.Url);

        Assert.That(copy.ExitCode, Is.EqualTo(1), copy.ToString());
        Assert.That(copy.Stderr, Does.Contain(named));
        Assert.That(copy.Stderr, Does.Contain("1 group(s) of source rows are equal under the target's collation (listed above), and nothing more was loaded"));
        Assert.That(copy.Stderr, Does.Not.Contain("23505").And.Not.Contain("duplicate key"));
        foreach (var table in new[] { "requests", "webhooks", "ai_outputs" })
            Assert.That(await dbs.TargetScalarAsync($"SELECT COUNT(*) FROM {table}"), Is.EqualTo("0"), $"{table}: nothing loaded");

        await using (var syncTarget = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "collsync"))
        {
            var sync = await ToolProcess.RunAsync("sync", "--from", dbs.Source.Url, "--to", syncTarget.Url, "--until-caught-up");
            Assert.That(sync.ExitCode, Is.EqualTo(1), sync.ToString());
            Assert.That(sync.Stderr, Does.Contain(named));
            Assert.That(await syncTarget.QueryAsync("SELECT COUNT(*) FROM webhooks"), Is.EqualTo(new[] { new[] { "0" } }));
            Assert.That((await ToolProcess.RunAsync("sync", "stop", "--from", dbs.Source.Url, "--to", syncTarget.Url, "--force")).ExitCode, Is.Zero);
        }

        // Made distinct at the source, the copy resumes and every row arrives.
        await dbs.Source.ExecuteAsync("UPDATE webhooks SET name = 'chat ALERTS (second)' WHERE id = 20");
        var again = await ToolProcess.RunAsync("copy-data", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task The_dry_run_lists_every_column_that_compares_otherwise_the_limits_of_the_way_back_and_the_colliding_rows_and_changes_nothing()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("""
            ALTER TABLE webhooks MODIFY name VARCHAR(255) NOT NULL COLLATE utf8mb4_bin;
            INSERT INTO webhooks (id, name, url, events) VALUES (20, 'chat ALERTS', 'https://y.example.org/', '[]');
            """);
        var databases = await ShadowCountAsync(dbs.Target);

        var json = await ToolProcess.RunAsync("copy-data", "--dry-run", "--json", "--from", dbs.Source.Url, "--to", dbs.Target.Url);

        Assert.That(json.ExitCode, Is.EqualTo(2), json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        var text = root.GetProperty("text").EnumerateArray().ToDictionary(
            t => $"{t.GetProperty("table").GetString()}.{t.GetProperty("column").GetString()}",
            t => string.Join(", ", t.GetProperty("differs").EnumerateArray().Select(d => d.GetString())));
        // The test databases are utf8mb4_unicode_ci: case, accents and trailing spaces ignored (PAD SPACE).
        Assert.That(text["users.name"], Is.EqualTo("case, accents, trailing spaces"), "compared exactly on PostgreSQL");
        Assert.That(text["users.email"], Is.EqualTo("trailing spaces"), "case and accents ignored on both; PostgreSQL keeps trailing spaces");
        Assert.That(text["webhooks.name"], Is.EqualTo("case, accents, trailing spaces"), "utf8mb4_bin against taskflow_ci_ai");
        Assert.That(text.Keys, Does.Not.Contain("requests.status"), "enumerations compare by value");
        var wayBack = root.GetProperty("way_back").EnumerateArray().Select(w => $"{w.GetProperty("table").GetString()}.{w.GetProperty("column").GetString()}").ToList();
        Assert.That(wayBack, Is.SupersetOf(new[] { "requests.created_at", "requests.due_date", "webhook_deliveries.response_body", "requests.text" }));
        Assert.That(root.GetProperty("collisions").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[]
        {
            "webhooks: rows 11 (name 'Chat alerts'), 20 (name 'chat ALERTS') are distinct on MySQL but equal under PostgreSQL's collation taskflow_ci_ai, " +
            "so unique index ux_webhooks_name (name) would refuse all but one",
        }));

        var lines = await ToolProcess.RunAsync("copy-data", "--dry-run", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        Assert.That(lines.ExitCode, Is.EqualTo(2), lines.ToString());
        Assert.That(lines.Stdout, Does.Contain("text: users.name: MySQL (utf8mb4_unicode_ci) ignores case, accents and trailing spaces, " +
                                               "PostgreSQL (default) ignores nothing: `=` on PostgreSQL finds only what is equal there, " +
                                               "where MySQL also finds case, accents and trailing spaces variants\n"));
        Assert.That(lines.Stdout, Does.Contain("text: users.email: MySQL (utf8mb4_unicode_ci) ignores case, accents and trailing spaces, " +
                                               "PostgreSQL (taskflow_ci_ai) ignores case and accents: `=` on PostgreSQL finds only what is equal there, " +
                                               "where MySQL also finds trailing spaces variants; PostgreSQL accepts values MySQL's unique key refuses, and the way back stops on them"));
        Assert.That(lines.Stdout, Does.Contain("way back: requests.created_at: MySQL's TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC in whole seconds"));
        Assert.That(lines.Stdout, Does.Contain("collision: webhooks: rows 11"));
        Assert.That(lines.Stderr, Does.Contain("nothing was copied"));

        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"),
            Is.EqualTo("0"), "the target is untouched");
        Assert.That(await ShadowCountAsync(dbs.Target), Is.EqualTo(databases), "the rehearsal's own database is gone");
    }

    private static async Task<string?> ShadowCountAsync(TestDatabase target) =>
        (await target.QueryAsync($"SELECT COUNT(*) FROM pg_database WHERE datname LIKE '{target.Name}%'")).Single()[0];

    [Test]
    public async Task The_way_back_stores_every_address_PostgreSQL_accepted_after_the_cutover()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await dbs.SyncThenCutOverAsync();
        await dbs.Target.ExecuteAsync("""
            INSERT INTO users (id, name, email, role) VALUES (50, 'New Person', 'new.person@example.org', 'ANALYST');
            UPDATE users SET email = 'SAM@Example.ORG' WHERE id = 11;
            UPDATE webhooks SET name = 'CHAT ALERTS' WHERE id = 11;
            """);
        // What MySQL would refuse, PostgreSQL refuses first.
        Assert.That(await RefusedAsync(dbs.Target, "INSERT INTO users (id, name, email, role) VALUES (51, 'Again', 'NEW.PERSON@example.org', 'ANALYST')"), Is.True);

        var back = await dbs.SyncBackAsync("--json");

        Assert.That(back.ExitCode, Is.Zero, back.ToString());
        using (var json = JsonDocument.Parse(back.Stdout))
            Assert.That(json.RootElement.GetProperty("pending").GetInt64(), Is.Zero);
        Assert.That(await dbs.SourceScalarAsync("SELECT email FROM users WHERE id = 11"), Is.EqualTo("SAM@Example.ORG"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM users WHERE email = 'NEW.PERSON@EXAMPLE.ORG'"), Is.EqualTo("1"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target, wholeSeconds: true);
    }

    private static string Key(TestDatabase db) => db.Engine == DatabaseEngine.MySql ? "`key`" : "\"key\"";

    // Whether the statement is refused as a duplicate by a unique index (MySQL 1062, PostgreSQL 23505); other errors fail the test.
    private static async Task<bool> RefusedAsync(TestDatabase db, string sql)
    {
        try
        {
            await db.ExecuteAsync(sql);
            return false;
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return true;
        }
        catch (DbException e)
        {
            Assert.Fail($"{db.Engine}: {sql}: {e.Message}");
            return false;
        }
    }
}
