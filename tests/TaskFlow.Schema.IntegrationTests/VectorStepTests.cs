using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>Step 9 needs pgvector; where the server cannot install it, the step warns and leaves the schema consistent.</summary>
[Category(Engines.PostgreSql)]
public sealed class VectorStepTests
{
    [Test]
    public async Task Without_pgvector_step_9_warns_skips_the_column_and_is_recorded()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "vector");
        var available = await db.QueryAsync("SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'vector'");
        var log = new RecordingLog();
        await db.Migrator(log).UpAsync(202509110000, CancellationToken.None);
        var column = await db.QueryAsync("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'requests' AND column_name = 'embedding_vector'");

        if (available[0][0] == "0")
        {
            Assert.That(column[0][0], Is.EqualTo("0"));
            Assert.That(log.Lines, Has.Some.Contains("pgvector is not available"));
        }
        else
        {
            Assert.That(column[0][0], Is.EqualTo("1"), "with pgvector the column exists");
        }
        var recorded = await db.QueryAsync($"SELECT state FROM {Dialects.HistoryTable.Name} WHERE version = 202509110000");
        Assert.That(recorded, Has.One.Items.EqualTo(new[] { "applied" }));
        Assert.That(async () => await db.Migrator().UpAsync(null, CancellationToken.None), Throws.Nothing, "later steps still apply");
    }
}

[Category(Engines.MySql)]
public sealed class VectorStepOnMySqlTests
{
    [Test]
    public async Task On_mysql_step_9_is_a_documented_no_op()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "vectormy");
        var migrator = db.Migrator();
        var step9 = migrator.Renderer.Render(migrator.Renderer.Migrations.Single(m => m.Version == 202509110000));
        Assert.That(step9.Up, Is.Empty);
        await migrator.UpAsync(202509110000, CancellationToken.None);
        var recorded = await db.QueryAsync($"SELECT state FROM {Dialects.HistoryTable.Name} WHERE version = 202509110000");
        Assert.That(recorded, Has.One.Items.EqualTo(new[] { "applied" }));
    }
}
