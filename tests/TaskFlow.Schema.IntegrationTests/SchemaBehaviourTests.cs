using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class SchemaBehaviourTests(DatabaseEngine engine)
{
    [Test]
    public async Task Updating_a_row_moves_updated_at_and_keeps_created_at()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "updated");
        await db.Migrator().UpAsync(null, CancellationToken.None);
        await db.ExecuteAsync("UPDATE workflows SET updated_at = '2020-01-01 00:00:00', created_at = '2020-01-01 00:00:00' WHERE name = 'Example Workflow'");
        var before = await db.QueryAsync("SELECT created_at, updated_at FROM workflows WHERE name = 'Example Workflow'");

        await db.ExecuteAsync("UPDATE workflows SET description = 'changed' WHERE name = 'Example Workflow'");

        var after = await db.QueryAsync("SELECT created_at, updated_at FROM workflows WHERE name = 'Example Workflow'");
        Assert.That(after[0][0], Is.EqualTo(before[0][0]), "created_at must not move");
        Assert.That(DateTime.Parse(after[0][1]!, System.Globalization.CultureInfo.InvariantCulture),
            Is.GreaterThan(new DateTime(2025, 1, 1)), "updated_at must move to now on update");
    }

    [Test]
    public async Task Added_job_types_are_usable_after_step_6()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "enumadd");
        var migrator = db.Migrator();
        await migrator.UpAsync(202508200000, CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO requests (text) VALUES ('hello')");
        var insertJob = engine == DatabaseEngine.PostgreSql
            ? "INSERT INTO processing_jobs (request_id, job_type) SELECT id, 'EMBEDDING' FROM requests"
            : "INSERT INTO processing_jobs (id, request_id, job_type) SELECT UUID(), id, 'EMBEDDING' FROM requests";
        Assert.That(async () => await db.ExecuteAsync(insertJob), Throws.Exception, "EMBEDDING is not a job type before step 6");

        await migrator.UpAsync(202508210000, CancellationToken.None);
        await db.ExecuteAsync(insertJob);
        await db.ExecuteAsync(insertJob.Replace("'EMBEDDING'", "'BULK_EMBEDDING'", StringComparison.Ordinal));

        // Npgsql reads an enum it has no mapping for only as text.
        var types = await db.QueryAsync(engine == DatabaseEngine.PostgreSql
            ? "SELECT job_type::text FROM processing_jobs"
            : "SELECT job_type FROM processing_jobs");
        Assert.That(types.Select(r => r[0]), Is.EquivalentTo(new[] { "EMBEDDING", "BULK_EMBEDDING" }));
    }

    [Test]
    public async Task Only_one_exercise_can_be_the_default()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "partial");
        await db.Migrator().UpAsync(null, CancellationToken.None);
        var isTrue = engine == DatabaseEngine.PostgreSql ? "true" : "1";

        await db.ExecuteAsync($"INSERT INTO exercises (name, is_default) VALUES ('second', {(engine == DatabaseEngine.PostgreSql ? "false" : "0")})");
        Assert.That(async () => await db.ExecuteAsync($"INSERT INTO exercises (name, is_default) VALUES ('third', {isTrue})"),
            Throws.Exception, "a second default exercise must be refused");
        var defaults = await db.QueryAsync($"SELECT name FROM exercises WHERE is_default = {isTrue}");
        Assert.That(defaults.Select(r => r[0]), Is.EqualTo(new[] { "Default Exercise" }));
    }
}
