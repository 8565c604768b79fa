using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class MigrationRoundTripTests(DatabaseEngine engine)
{
    [Test]
    public async Task Up_all_then_down_to_zero_then_up_all_gives_the_same_schema()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "roundtrip");
        var migrator = db.Migrator();

        var applied = await migrator.UpAsync(null, CancellationToken.None);
        Assert.That(applied, Has.Count.EqualTo(migrator.Renderer.Migrations.Count));
        var first = await db.SnapshotAsync();
        Assert.That(first.Objects.Count(o => o.Kind == "table"), Is.GreaterThanOrEqualTo(10));

        await migrator.DownAsync(0, CancellationToken.None);
        var empty = await db.SnapshotAsync();
        Assert.That(empty.Objects, Is.Empty, "down to 0 must leave nothing behind:\n" + empty);
        Assert.That(await db.QueryAsync($"SELECT COUNT(*) FROM {Dialects.HistoryTable.Name}"), Has.One.Items.EqualTo(new[] { "0" }));

        await migrator.UpAsync(null, CancellationToken.None);
        var again = await db.SnapshotAsync();
        Assert.That(again.DifferencesFrom(first), Is.Empty);
    }

    [Test]
    public async Task Up_is_idempotent_and_records_one_history_row_per_migration()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "idem");
        var migrator = db.Migrator();
        await migrator.UpAsync(null, CancellationToken.None);
        var second = await migrator.UpAsync(null, CancellationToken.None);

        Assert.That(second, Is.Empty);
        var rows = await db.QueryAsync($"SELECT version, state, checksum FROM {Dialects.HistoryTable.Name} ORDER BY version");
        var expected = migrator.Renderer.RenderUpTo().Select(m => new[] { m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), "applied", m.Checksum });
        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public async Task The_committed_script_gives_the_same_schema_as_up()
    {
        await using var viaUp = await TestDatabase.CreateAsync(engine, "viaup");
        await using var viaScript = await TestDatabase.CreateAsync(engine, "viascript");
        await viaUp.Migrator().UpAsync(null, CancellationToken.None);

        var client = await SqlClient.RunFileAsync(viaScript, RepositoryFiles.InitComplete(engine));
        Assert.That(client.ExitCode, Is.Zero, client.ToString());

        Assert.That((await viaScript.SnapshotAsync()).DifferencesFrom(await viaUp.SnapshotAsync()), Is.Empty);
        var status = await viaScript.Migrator().StatusAsync(CancellationToken.None);
        Assert.That(status.Select(s => (s.State, s.ChecksumMatches)), Is.All.EqualTo(("applied", (bool?)true)),
            "the script records every migration with the checksum `up` would");
    }

    [Test]
    public async Task Down_to_a_version_reverts_only_newer_migrations()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "downto");
        var migrator = db.Migrator();
        var all = migrator.Renderer.Migrations;
        await migrator.UpAsync(all[2].Version, CancellationToken.None);
        var atThird = await db.SnapshotAsync();
        await migrator.UpAsync(null, CancellationToken.None);

        var reverted = await migrator.DownAsync(all[2].Version, CancellationToken.None);

        Assert.That(reverted.Select(m => m.Version), Is.EqualTo(all.Skip(3).Select(m => m.Version).Reverse()));
        Assert.That((await db.SnapshotAsync()).DifferencesFrom(atThird), Is.Empty);
    }
}
