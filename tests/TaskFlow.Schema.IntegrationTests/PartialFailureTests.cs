using TaskFlow.Schema.IntegrationTests.Infrastructure;
using TaskFlow.Schema.IntegrationTests.TestMigrations;
using TaskFlow.Schema.Running;
using static TaskFlow.Schema.Dialects.HistoryTable;

namespace TaskFlow.Schema.IntegrationTests;

[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class PartialFailureTests(DatabaseEngine engine)
{
    private const string PauseVariable = "TASKFLOW_SCHEMA_TEST_PAUSE_AFTER_STATEMENT";

    private static SchemaMigrator Failing(TestDatabase db) =>
        new(db.Target, typeof(M0001_Widgets).Assembly, new RecordingLog(), M0001_Widgets.Namespace);

    [Test]
    public async Task A_failing_statement_is_named_and_the_history_says_how_far_it_got()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "fail");

        var error = Assert.ThrowsAsync<MigrationFailedException>(() => Failing(db).UpAsync(null, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("Migration 2 (Gadgets, then a statement that fails) failed at statement 3"));
        Assert.That(error.Message, Does.Contain("INSERT INTO no_such_table"));
        var tables = (await db.SnapshotAsync()).Objects.Where(o => o.Kind == "table").Select(o => o.Name);
        if (engine == DatabaseEngine.PostgreSql)
        {
            Assert.That(tables, Is.EqualTo(new[] { "widgets" }), "rolled back to the last good version");
            Assert.That(await db.QueryAsync($"SELECT version, state FROM {Name}"), Is.EqualTo(new[] { new[] { "1", Applied } }));
        }
        else
        {
            Assert.That(tables, Is.EquivalentTo(new[] { "widgets", "gadgets" }), "MySQL keeps the DDL that ran");
            var rows = await db.QueryAsync($"SELECT version, state, failed_statement FROM {Name} ORDER BY version");
            Assert.That(rows[1][..2], Is.EqualTo(new[] { "2", Failed }));
            Assert.That(rows[1][2], Does.StartWith("INSERT INTO no_such_table"));
        }
    }

    [Test]
    public async Task After_a_failure_up_refuses_until_repair_and_repair_rolls_the_history_back_when_the_changes_are_undone()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "refuse");
        Assert.ThrowsAsync<MigrationFailedException>(() => Failing(db).UpAsync(null, CancellationToken.None));
        if (engine == DatabaseEngine.PostgreSql)
        {
            // PostgreSQL rolled the migration back: nothing to repair, `up` simply retries it.
            var nothing = await Failing(db).RepairAsync(false, CancellationToken.None);
            Assert.That(nothing.Repaired, Is.True);
            Assert.That(nothing.Summary, Does.Contain("Nothing to repair"));
            return;
        }

        var refused = Assert.ThrowsAsync<SchemaException>(() => Failing(db).UpAsync(null, CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain("recorded as failed").And.Contain("taskflow-schema repair"));

        var halfDone = await Failing(db).RepairAsync(false, CancellationToken.None);
        Assert.That(halfDone.Repaired, Is.False);
        Assert.That(halfDone.Summary, Does.Contain("half-done: statements 1-2 of 4 ran"));
        Assert.That(halfDone.Details[0], Does.Contain("INSERT INTO no_such_table"));

        await db.ExecuteAsync("DROP TABLE gadgets");
        var rolledBack = await Failing(db).RepairAsync(false, CancellationToken.None);
        Assert.That(rolledBack.Repaired, Is.True, rolledBack.Summary);
        Assert.That(rolledBack.Summary, Does.Contain("record is removed"));
        var status = await Failing(db).StatusAsync(CancellationToken.None);
        Assert.That(status.Select(s => s.State), Is.EqualTo(new[] { Applied, MigrationState.Pending }));
    }

    [Test]
    public async Task Repair_completes_the_record_of_a_migration_whose_changes_are_all_there()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "complete");
        await Failing(db).UpAsync(1, CancellationToken.None);
        await db.ExecuteAsync($"UPDATE {Name} SET state = '{InProgress}' WHERE version = 1");

        var repaired = await Failing(db).RepairAsync(false, CancellationToken.None);

        Assert.That(repaired.Repaired, Is.True, repaired.Summary);
        Assert.That(repaired.Summary, Does.Contain("recorded as applied"));
        Assert.That(await db.QueryAsync($"SELECT state FROM {Name}"), Is.EqualTo(new[] { new[] { Applied } }));
    }

    [Test]
    public async Task A_kill_in_the_middle_of_a_migration_is_recovered_by_the_documented_path()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "crash");
        var first = db.Migrator().Renderer.RenderUpTo()[0];
        using (var tool = RunningTool.Start(new Dictionary<string, string?> { [PauseVariable] = $"{first.Version}:3" }, "up", "--connection", db.Url))
        {
            await tool.WaitForStderrAsync("test hook: paused after statement 3", TimeSpan.FromSeconds(60));
            await tool.KillHardAsync();
        }

        if (engine == DatabaseEngine.PostgreSql)
        {
            Assert.That((await db.SnapshotAsync()).Objects, Is.Empty, "the transaction died with the process");
        }
        else
        {
            var refused = await Run("up", "--lock-timeout", "20");
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
            Assert.That(refused.Stderr, Does.Contain("in_progress").And.Contain("repair"));

            var explained = await Run("repair", "--lock-timeout", "20");
            Assert.That(explained.ExitCode, Is.EqualTo(2), explained.ToString());
            Assert.That(explained.Stdout, Does.Contain($"statements 1-3 of {first.Up.Count} ran"));

            var resumed = await Run("repair", "--resume");
            Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        }

        var up = await Run("up", "--lock-timeout", "20");
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        var validate = await Run("validate");
        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        var status = await db.Migrator().StatusAsync(CancellationToken.None);
        Assert.That(status.Select(s => s.State), Is.All.EqualTo(Applied));

        Task<ToolProcess.Result> Run(params string[] args) => ToolProcess.RunAsync(args.Concat(new[] { "--connection", db.Url }).ToArray());
    }
}
