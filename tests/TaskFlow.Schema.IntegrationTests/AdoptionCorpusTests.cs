using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>
/// Hand-written step-1 production databases (Resources/adoption), each in a style the tool did not choose: adopted
/// with `baseline`, taken to the latest step with `up`, validated, taken back to step 1 with `down` and up again, and
/// copied to PostgreSQL, every row compared with SQL of the test's own.
/// </summary>
[Category(Engines.MySql), Category(Engines.PostgreSql)]
public sealed class AdoptionCorpusTests
{
    private const string Step1 = "202507210000";

    // 3 spells JSON columns as MariaDB stores them (LONGTEXT with json_valid), 5 is a MariaDB dump: on Oracle MySQL, where
    // JSON is a type of its own, such a column differs in meaning and is refused, as it should be.
    public static IEnumerable<string> Variants =>
        ((string[])["1-init-script-unnamed", "2-hand-named", "3-implicit-fk-indexes", "4-view-rewritten", "5-mariadb-dump", "7-production-indexes"])
        .Where(v => TestServers.MySqlIsMariaDb || v is not ("3-implicit-fk-indexes" or "5-mariadb-dump"));

    [TestCaseSource(nameof(Variants))]
    public async Task A_hand_written_step_1_database_is_baselined_migrated_validated_and_copied(string variant)
    {
        await using var db = await LoadAsync(variant, File.ReadAllText(PathOf(variant)));
        await AdoptMigrateValidateAndCopyAsync(db);
    }

    [Test]
    public async Task A_MySQL_8_dump_is_checked_as_text_and_runs_on_MariaDB_with_only_what_MariaDB_lacks_translated()
    {
        var text = File.ReadAllText(PathOf("6-mysql8-dump"));
        // What MySQL 8 writes and MariaDB 10.11 cannot run, checked as text: its default collation on every table,
        // and a view definer that needs SUPER.
        Assert.That(text.Split("CREATE TABLE").Length - 1, Is.EqualTo(10));
        Assert.That(text.Split("COLLATE=utf8mb4_0900_ai_ci").Length - 1, Is.EqualTo(10), "every table has MySQL 8's default collation");
        Assert.That(text, Does.Contain("DEFINER=`root`@`%`"));
        Assert.That(text, Does.Not.Match(@"\bint\(\d+\)"), "MySQL 8 prints integer types without display widths");
        Assert.That(text, Does.Contain("` json ").And.Contain("DEFAULT (curdate())"));
        // The view's definer is production's account, which a restore elsewhere leaves out (a view whose definer does not
        // exist has no columns to read); Oracle MySQL takes the collation as it is.
        var runnable = text.Replace("/*!50013 DEFINER=`root`@`%` SQL SECURITY DEFINER */", "", StringComparison.Ordinal);
        if (TestServers.MySqlIsMariaDb)
            runnable = runnable.Replace("utf8mb4_0900_ai_ci", "utf8mb4_general_ci", StringComparison.Ordinal);
        Assert.That(runnable, Does.Not.Contain("DEFINER"));
        Assert.That(runnable.Contains("0900", StringComparison.Ordinal), Is.EqualTo(!TestServers.MySqlIsMariaDb));

        await using var db = await LoadAsync("mysql8", runnable);
        await AdoptMigrateValidateAndCopyAsync(db);
    }

    [Test]
    public async Task Production_indexes_that_InnoDB_makes_equivalent_are_notes_and_baseline_creates_the_redundant_ones_the_migrations_name()
    {
        await using var db = await LoadAsync("prodidx", File.ReadAllText(PathOf("7-production-indexes")));

        var dryRun = await ToolProcess.RunAsync("baseline", "--version", Step1, "--dry-run", "--connection", db.Url);

        Assert.That(dryRun.ExitCode, Is.Zero, dryRun.ToString());
        Assert.That(Lines(dryRun.Stdout), Is.SupersetOf(new[]
        {
            // a: the table's own index beside the migrations' one on the same column
            "note: index processing_jobs.idx_request_id is not expected, but is redundant to ix_processing_jobs_request_id (found: (request_id A) using BTREE, and (request_id A) using BTREE)",
            // b: only a composite, or a unique index, starts with the key's column
            "note: index ai_outputs.ix_ai_outputs_request_id is not in the database, but idx_request_version covers it (expected: (request_id A) using BTREE, found: (request_id A, version A) using BTREE)",
            "note: index custom_instructions.ix_custom_instructions_request_id is not in the database, but uq_request_block covers it (expected: (request_id A) using BTREE, found: unique (request_id A, workflow_block_id A) using BTREE)",
            "note: index ground_truth_data.ix_ground_truth_data_request_id is not in the database, but uq_request_block_field covers it (expected: (request_id A) using BTREE, found: unique (request_id A, workflow_block_id A, field_path A) using BTREE)",
            // c: a leftmost prefix of another index
            "note: index workflows.idx_status is not expected, but is redundant to idx_status_updated (found: (status A) using BTREE, and (status A, updated_at A) using BTREE)",
            // d: InnoDB's own index for a key without one, renamed like any other
            "rename: ALTER TABLE `requests` RENAME INDEX `fk_requests_workflow` TO `ix_requests_workflow_id`;".Replace("fk_requests_workflow", RequestsWorkflowIndex(), StringComparison.Ordinal),
            "create: ALTER TABLE `ai_outputs` ADD INDEX `ix_ai_outputs_request_id` (`request_id`), ALGORITHM = INPLACE, LOCK = NONE;",
            "create: ALTER TABLE `custom_instructions` ADD INDEX `ix_custom_instructions_request_id` (`request_id`), ALGORITHM = INPLACE, LOCK = NONE;",
            "create: ALTER TABLE `ground_truth_data` ADD INDEX `ix_ground_truth_data_request_id` (`request_id`), ALGORITHM = INPLACE, LOCK = NONE;",
        }));
        Assert.That(Lines(dryRun.Stdout).Count(l => l.StartsWith("create: ", StringComparison.Ordinal)), Is.EqualTo(3),
            "the index InnoDB made for processing_jobs' workflow key in the migrations' database is not one to create: " + dryRun);
        Assert.That(await IndexNamesAsync(db, "ai_outputs"), Is.EqualTo(new[] { "PRIMARY", "idx_request_version" }), "a dry run creates nothing");

        var strict = await ToolProcess.RunAsync("baseline", "--version", Step1, "--strict-names", "--dry-run", "--connection", db.Url);
        Assert.That(strict.ExitCode, Is.EqualTo(2), "with --strict-names a redundant index blocks: " + strict);
        Assert.That(strict.Stdout, Does.Contain("index workflows.idx_status is not expected, but is redundant to idx_status_updated"));

        var baseline = await ToolProcess.RunAsync("baseline", "--version", Step1, "--connection", db.Url);
        Assert.That(baseline.ExitCode, Is.Zero, baseline.ToString());
        Assert.That(await IndexNamesAsync(db, "ai_outputs"), Is.EqualTo(new[] { "PRIMARY", "ix_ai_outputs_request_id", "ix_ai_outputs_request_id_version" }));
        Assert.That(await IndexNamesAsync(db, "workflows"), Does.Contain("idx_status"), "production's own indexes are kept");
    }

    // The index InnoDB made for requests' workflow key: named after the constraint, or after the column where the key has no name.
    private static string RequestsWorkflowIndex() => "workflow_id";

    private static async Task<string[]> IndexNamesAsync(TestDatabase db, string table) =>
        (await db.QueryAsync($"SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}'"))
        .Select(r => r[0]!).Order(StringComparer.Ordinal).ToArray();

    [TestCase("ALTER TABLE requests MODIFY requester VARCHAR(128) DEFAULT NULL",
        "column requests.requester differs: expected varchar(256) null default NULL charset utf8mb4, found varchar(128)")]
    [TestCase("ALTER TABLE requests DROP INDEX due_date", "index requests.ix_requests_due_date is missing (expected: (due_date A) using BTREE)")]
    [TestCase("ALTER TABLE workflows DROP FOREIGN KEY workflows_ibfk_1",
        "foreign key workflows.fk_workflows_created_by is missing (expected: (created_by) references users (id) on delete CASCADE")]
    [TestCase("ALTER TABLE requests DROP FOREIGN KEY requests_ibfk_2, ADD FOREIGN KEY (workflow_id) REFERENCES workflows (id) ON DELETE CASCADE",
        "foreign key requests.fk_requests_workflow_id differs: expected (workflow_id) references workflows (id) on delete SET NULL on update RESTRICT, " +
        "found (workflow_id) references workflows (id) on delete CASCADE on update RESTRICT (as requests_ibfk_3)")]
    [TestCase("ALTER TABLE users ADD COLUMN nickname VARCHAR(32) NULL", "column users.nickname is not expected (found: varchar(32) null default NULL")]
    [TestCase("ALTER TABLE requests MODIFY status ENUM('NEW','IN_REVIEW','CLOSED') DEFAULT 'NEW'",
        "column requests.status differs: expected enum('NEW','IN_REVIEW','PENDING','CLOSED') null default 'NEW' charset utf8mb4, found enum('NEW','IN_REVIEW','CLOSED')")]
    [TestCase("DROP VIEW ground_truth_with_context", "view ground_truth_with_context is missing (expected: view (ai_value longtext, block_name varchar(128)")]
    [TestCase("ALTER TABLE users DROP INDEX email", "index users.ux_users_email is missing (expected: unique (email A) using BTREE)")]
    [TestCase("ALTER TABLE requests ADD UNIQUE KEY uq_due (due_date, id)", "index requests.uq_due is not expected (found: unique (due_date A, id A) using BTREE)")]
    [TestCase("ALTER TABLE users DROP INDEX email, ADD INDEX email (email)",
        "index users.ux_users_email differs: expected unique (email A) using BTREE, found (email A) using BTREE")]
    public async Task A_database_that_differs_in_meaning_is_refused_naming_the_object_with_expected_and_found(string change, string line)
    {
        await using var db = await LoadAsync("refused", File.ReadAllText(PathOf(Variants.First())));
        await db.ExecuteAsync(change);
        line = line.Replace("(ai_value longtext", $"(ai_value {TestServers.JsonColumnType}", StringComparison.Ordinal);

        var baseline = await ToolProcess.RunAsync("baseline", "--version", Step1, "--connection", db.Url);

        Assert.That(baseline.ExitCode, Is.EqualTo(2), baseline.ToString());
        var blocking = Blocking(baseline.Stdout).ToList();
        Assert.That(blocking, Has.Count.EqualTo(1), baseline.ToString());
        Assert.That(blocking[0], Does.StartWith(line));
        Assert.That(await db.QueryAsync(db.Driver.HistoryTableExists), Is.EqualTo(new[] { new[] { "0" } }), "nothing recorded");
        Assert.That(await db.QueryAsync("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ux_users_email'"),
            Is.EqualTo(new[] { new[] { "0" } }), "nothing renamed");
    }

    [Test]
    public async Task With_strict_names_the_names_comments_and_collation_block_and_json_reports_every_difference()
    {
        await using var db = await LoadAsync("strict", File.ReadAllText(PathOf(Variants.First())));

        var strict = await ToolProcess.RunAsync("baseline", "--version", Step1, "--strict-names", "--connection", db.Url);
        Assert.That(strict.ExitCode, Is.EqualTo(2), strict.ToString());
        Assert.That(strict.Stdout, Does.Contain("index users.ux_users_email is named email in the database (same definition: unique (email A) using BTREE)"));
        Assert.That(strict.Stdout, Does.Contain($"table users: expected collate utf8mb4_unicode_ci, found collate {TestServers.Utf8mb4DefaultCollation}"));
        Assert.That(strict.Stdout, Does.Not.Contain("note: "), "with --strict-names nothing is only a note");

        var json = await ToolProcess.RunAsync("baseline", "--version", Step1, "--dry-run", "--json", "--connection", db.Url);
        Assert.That(json.ExitCode, Is.Zero, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        Assert.That(root.GetProperty("adopted").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("dry_run").GetBoolean(), Is.True);
        var differences = root.GetProperty("differences").EnumerateArray().ToList();
        Assert.That(differences.Select(d => d.GetProperty("blocking").GetBoolean()), Is.All.False);
        var email = differences.Single(d => d.GetProperty("name").GetString() == "users.ux_users_email");
        Assert.That((email.GetProperty("kind").GetString(), email.GetProperty("table").GetString(), email.GetProperty("expected").GetString(), email.GetProperty("found").GetString()),
            Is.EqualTo(("index", "users", "ux_users_email", "email")));
        Assert.That(root.GetProperty("renames").EnumerateArray().Select(r => r.GetString()),
            Does.Contain("ALTER TABLE `users` RENAME INDEX `email` TO `ux_users_email`;"));
        Assert.That(await db.QueryAsync(db.Driver.HistoryTableExists), Is.EqualTo(new[] { new[] { "0" } }), "a dry run records nothing");

        var up = await ToolProcess.RunAsync("up", "--dry-run", "--connection", db.Url);
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        Assert.That(up.Stdout, Does.Contain("-- This database has tables but no migration history: adopt it first with `taskflow-schema baseline --version V`"));
    }

    private static async Task AdoptMigrateValidateAndCopyAsync(TestDatabase db)
    {
        var production = await db.QueryAsync(
            "SELECT DISTINCT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'");
        Assert.That(production, Has.Count.EqualTo(1), "each variant's tables share one collation");
        var baseline = await ToolProcess.RunAsync("baseline", "--version", Step1, "--connection", db.Url);
        Assert.That(baseline.ExitCode, Is.Zero, baseline.ToString());
        Assert.That(Blocking(baseline.Stdout),
            Is.Empty, "no blocking difference");

        // The renames gave every index and key the migrations' name: nothing is named otherwise any more.
        var afterBaseline = await ToolProcess.RunAsync("validate", "--json", "--connection", db.Url);
        Assert.That(afterBaseline.ExitCode, Is.Zero, afterBaseline.ToString());
        Assert.That(afterBaseline.Stdout, Does.Not.Contain("in the database (same definition"), "names reconciled");

        var up = await ToolProcess.RunAsync("up", "--connection", db.Url);
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        var validate = await ToolProcess.RunAsync("validate", "--connection", db.Url);
        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        Assert.That(Lines(validate.Stdout).Where(l => !l.StartsWith("note: ", StringComparison.Ordinal)), Is.Empty, validate.ToString());
        Assert.That(await db.QueryAsync("SELECT COUNT(*) FROM ground_truth_with_context"), Is.EqualTo(new[] { new[] { "1" } }), "rows survived");

        // The tables later migrations created took production's collation: one in every text column (MariaDB keeps
        // JSON as LONGTEXT in utf8mb4_bin, its own choice for that type).
        Assert.That(await db.QueryAsync("""
            SELECT DISTINCT COLLATION_NAME FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND NOT (DATA_TYPE = 'longtext' AND COLLATION_NAME = 'utf8mb4_bin')
            """), Is.EqualTo(production), "one collation after baseline and up");

        // Every later migration finds the indexes and keys it names, on the way down and up again.
        var down = await ToolProcess.RunAsync("down", "--to", Step1, "--connection", db.Url);
        Assert.That(down.ExitCode, Is.Zero, down.ToString());
        var again = await ToolProcess.RunAsync("up", "--connection", db.Url);
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        var revalidate = await ToolProcess.RunAsync("validate", "--connection", db.Url);
        Assert.That(revalidate.ExitCode, Is.Zero, revalidate.ToString());

        await using var target = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "adoptcopy");
        var copy = await ToolProcess.RunAsync("copy-data", "--from", db.Url, "--to", target.Url);
        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That(await target.QueryAsync("SELECT COUNT(*) FROM requests"), Is.EqualTo(new[] { new[] { "2" } }));
        var verify = await ToolProcess.RunAsync("verify-data", "--from", db.Url, "--to", target.Url);
        Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
        await IndependentComparison.AssertEqualAsync(db, target);
    }

    private static async Task<TestDatabase> LoadAsync(string prefix, string schema)
    {
        var db = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "adopt" + new string(prefix.Where(char.IsAsciiLetterOrDigit).Take(8).ToArray()));
        var file = Path.Combine(Path.GetTempPath(), $"{db.Name}.sql");
        await File.WriteAllTextAsync(file, schema + "\n" + await File.ReadAllTextAsync(PathOf("rows")));
        try
        {
            var client = await SqlClient.RunFileAsync(db, file);
            if (client.ExitCode != 0)
            {
                await db.DisposeAsync();
                Assert.Fail($"{prefix} does not load:\n{client}");
            }
        }
        finally
        {
            File.Delete(file);
        }
        return db;
    }

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Resources", "adoption", name + ".sql");

    // The lines that are neither notes nor the statements baseline runs.
    private static List<string> Blocking(string stdout) =>
        Lines(stdout).Where(l => !new[] { "note: ", "rename: ", "create: ", "default: " }.Any(p => l.StartsWith(p, StringComparison.Ordinal))).ToList();

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
