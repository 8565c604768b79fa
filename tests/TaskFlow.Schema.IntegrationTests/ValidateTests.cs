using TaskFlow.Schema.IntegrationTests.Infrastructure;
using static TaskFlow.Schema.Dialects.HistoryTable;

namespace TaskFlow.Schema.IntegrationTests;

[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class ValidateTests(DatabaseEngine engine)
{
    [Test]
    public async Task A_database_migrated_by_up_validates_clean_and_leaves_no_shadow_behind()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "valid");
        await db.Migrator().UpAsync(null, CancellationToken.None);

        var result = await ToolProcess.RunAsync("validate", "--connection", db.Url);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        // Nothing but, on MySQL, the notes on how declared text compares there against PostgreSQL (TextComparisonTests).
        Assert.That(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.StartsWith("note: text"));
        Assert.That(result.Stdout.Length > 0, Is.EqualTo(engine == DatabaseEngine.MySql));
        Assert.That(await ShadowDatabasesOf(db), Is.Empty, "the shadow database is dropped");
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain("taskflow:taskflow"), "no password");
    }

    [Test]
    public async Task An_edited_migration_is_reported_by_its_checksum()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "cksum");
        await db.Migrator().UpAsync(null, CancellationToken.None);
        var first = db.Migrator().Renderer.Migrations[0].Version;
        await db.ExecuteAsync($"UPDATE {Name} SET checksum = '{new string('0', 64)}' WHERE version = {first}");

        var result = await ToolProcess.RunAsync("validate", "--connection", db.Url);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Does.Contain($"migration {first}").And.Contain("checksum").And.Contain("edited"));
    }

    [Test]
    public async Task A_version_the_code_does_not_know_is_reported()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "unknown");
        await db.Migrator().UpAsync(null, CancellationToken.None);
        await db.ExecuteAsync($"INSERT INTO {Name} (version, description, state, checksum, applied_by, tool_version) " +
                              $"VALUES (299912310000, 'From the future', 'applied', '{new string('a', 64)}', 'someone', '9.9.9')");

        var result = await ToolProcess.RunAsync("validate", "--connection", db.Url);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Does.Contain("299912310000 (From the future)").And.Contain("does not know"));
    }

    [Test]
    public async Task A_schema_changed_by_hand_is_reported_in_plain_words()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "drift");
        await db.Migrator().UpAsync(null, CancellationToken.None);
        await db.ExecuteAsync(engine == DatabaseEngine.PostgreSql ? "DROP INDEX ix_requests_due_date" : "DROP INDEX ix_requests_due_date ON requests");
        await db.ExecuteAsync("ALTER TABLE users ADD COLUMN nickname varchar(20) NULL");

        var result = await ToolProcess.RunAsync("validate", "--connection", db.Url);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Does.Contain("index requests.ix_requests_due_date is missing"));
        Assert.That(result.Stdout, Does.Contain("column users.nickname is not expected"));
        Assert.That(await ShadowDatabasesOf(db), Is.Empty);
    }

    private async Task<List<string?[]>> ShadowDatabasesOf(TestDatabase db) =>
        await db.QueryAsync(engine == DatabaseEngine.PostgreSql
            ? $"SELECT datname FROM pg_database WHERE datname LIKE '{db.Name}_shadow_%'"
            : $"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '{db.Name}\\_shadow\\_%'");
}
