using System.Text.RegularExpressions;
using TaskFlow.Schema.IntegrationTests.Infrastructure;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>Shadow databases that a killed validate, baseline or repair left behind are dropped by the next run.</summary>
[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class ShadowCleanupTests(DatabaseEngine engine)
{
    [Test]
    public async Task A_shadow_left_by_validate_killed_with_sigkill_is_dropped_by_the_next_validate()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "shadowkill");
        await db.Migrator().UpAsync(null, CancellationToken.None);

        string left;
        using (var tool = RunningTool.Start(null, "validate", "--connection", db.Url))
        {
            await tool.WaitForStderrAsync("Created the shadow database", TimeSpan.FromSeconds(60));
            await tool.KillHardAsync();
            left = Regex.Match(tool.Stderr, @"Created the shadow database (\S+) on").Groups[1].Value;
        }
        Assert.That(await ShadowsOfAsync(db), Is.EqualTo(new[] { left }), "the kill left its shadow behind");

        var validate = await ToolProcess.RunAsync("validate", "--connection", db.Url);

        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        Assert.That(validate.Stderr, Does.Contain($"Dropped the shadow database {left} that an interrupted run left"));
        Assert.That(await ShadowsOfAsync(db), Is.Empty, "the stale one and its own are gone");
    }

    [Test]
    public async Task A_shadow_whose_owner_is_still_running_is_left_alone()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "shadowlive");
        var running = ShadowDatabase.NameFor(db.Name);
        await using var owner = await db.OpenAsync();
        Assert.That(await db.Driver.TryLockAsync(owner, ShadowDatabase.LockKey(running), CancellationToken.None), Is.True);
        await using var admin = await db.Driver.OpenAsync(TestServers.Admin(engine), null, CancellationToken.None);
        await Execute(admin, db.Driver.CreateDatabase(running));
        try
        {
            var problems = await new SchemaValidator(db.Target, Migrations.TaskFlowSchema.Migrations, new RecordingLog()).ValidateAsync(CancellationToken.None);

            Assert.That(problems, Is.Empty);
            Assert.That(await ShadowsOfAsync(db), Is.EqualTo(new[] { running }), "another run's shadow is kept while it holds its lock");
        }
        finally
        {
            await Execute(admin, db.Driver.DropDatabase(running));
        }
    }

    private async Task<string[]> ShadowsOfAsync(TestDatabase db)
    {
        await using var admin = await db.Driver.OpenAsync(TestServers.Admin(engine), null, CancellationToken.None);
        var names = await Inspection.CatalogReader.RowsAsync(admin, db.Driver.ListDatabases, CancellationToken.None);
        var prefix = ShadowDatabase.NameFor(db.Name)[..^8]; // "<database, at most 40 characters>_shadow_"
        return names.Select(r => r[0]!).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
    }

    private static async Task Execute(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
