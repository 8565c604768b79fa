using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class DryRunTests(DatabaseEngine engine)
{
    [Test]
    public async Task Dry_run_prints_exactly_the_pending_statements_and_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "dry");
        var renderer = db.Migrator().Renderer;

        var empty = await ToolProcess.RunAsync("up", "--dry-run", "--connection", db.Url);

        Assert.That(empty.ExitCode, Is.Zero, empty.ToString());
        Assert.That(Statements(empty.Stdout), Is.EqualTo(Statements(string.Join("\n", renderer.RenderUpTo().SelectMany(m => m.Up)))));
        Assert.That(empty.Stdout, Does.Contain("-- lock: "));
        Assert.That(empty.Stdout, Does.Contain("-- history: CREATE TABLE IF NOT EXISTS"));
        Assert.That(empty.Stdout, Does.Contain("-- history: INSERT INTO"));
        Assert.That((await db.SnapshotAsync()).Objects, Is.Empty, "nothing created");
        Assert.That(await db.QueryAsync(db.Driver.HistoryTableExists), Is.EqualTo(new[] { new[] { "0" } }), "no history table");

        var first = renderer.Migrations[0].Version;
        await db.Migrator().UpAsync(first, CancellationToken.None);
        var before = await db.SnapshotAsync();
        var partial = await ToolProcess.RunAsync("up", "--dry-run", "--connection", db.Url);

        Assert.That(partial.ExitCode, Is.Zero, partial.ToString());
        Assert.That(Statements(partial.Stdout),
            Is.EqualTo(Statements(string.Join("\n", renderer.RenderUpTo().Where(m => m.Version > first).SelectMany(m => m.Up)))));
        Assert.That((await db.SnapshotAsync()).DifferencesFrom(before), Is.Empty);
        Assert.That(await db.QueryAsync($"SELECT COUNT(*) FROM {Dialects.HistoryTable.Name}"), Is.EqualTo(new[] { new[] { "1" } }));
    }

    // The executable lines: everything but the marked comments.
    private static List<string> Statements(string sql) =>
        sql.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-- ", StringComparison.Ordinal)).ToList();
}
