using TaskFlow.Schema.IntegrationTests.Infrastructure;
using static TaskFlow.Schema.Dialects.HistoryTable;

namespace TaskFlow.Schema.IntegrationTests;

[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class BaselineTests(DatabaseEngine engine)
{
    [Test]
    public async Task A_database_without_history_is_adopted_when_it_matches_and_refused_when_it_does_not()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "adopt");
        var first = db.Migrator().Renderer.Migrations[0].Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await db.Migrator().UpAsync(long.Parse(first, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        await db.ExecuteAsync($"DROP TABLE {Name}");
        await db.ExecuteAsync("ALTER TABLE users ADD COLUMN nickname varchar(20) NULL");

        var refused = await ToolProcess.RunAsync("baseline", "--version", first, "--connection", db.Url);
        Assert.That(refused.ExitCode, Is.EqualTo(2), refused.ToString());
        Assert.That(refused.Stdout, Does.Contain("column users.nickname is not expected"));
        Assert.That(refused.Stderr, Does.Contain("nothing was recorded"));
        Assert.That(await db.QueryAsync(db.Driver.HistoryTableExists), Is.EqualTo(new[] { new[] { "0" } }));

        await db.ExecuteAsync("ALTER TABLE users DROP COLUMN nickname");
        var adopted = await ToolProcess.RunAsync("baseline", "--version", first, "--connection", db.Url);
        Assert.That(adopted.ExitCode, Is.Zero, adopted.ToString());
        Assert.That(await db.QueryAsync($"SELECT version, state FROM {Name}"), Is.EqualTo(new[] { new[] { first, Applied } }));
    }

    [Test]
    public async Task Force_records_anyway_and_says_so()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "force");
        var first = db.Migrator().Renderer.Migrations[0].Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await db.ExecuteAsync("CREATE TABLE stray (id int)");

        var forced = await ToolProcess.RunAsync("baseline", "--version", first, "--force", "--connection", db.Url);

        Assert.That(forced.ExitCode, Is.Zero, forced.ToString());
        Assert.That(forced.Stderr, Does.Contain("--force"));
        Assert.That(forced.Stdout, Does.Contain("table stray is not expected"));
        Assert.That(await db.QueryAsync($"SELECT version, state FROM {Name}"), Is.EqualTo(new[] { new[] { first, Applied } }));
    }
}
