using System.Diagnostics;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class LockingTests(DatabaseEngine engine)
{
    private const string PauseVariable = "TASKFLOW_SCHEMA_TEST_PAUSE_AFTER_STATEMENT";

    [Test]
    public async Task Eight_concurrent_up_processes_apply_every_migration_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "race");
        await using var reference = await TestDatabase.CreateAsync(engine, "single");
        var migrations = db.Migrator().Renderer.Migrations;

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ToolProcess.RunAsync("up", "--connection", db.Url)));
        var single = await ToolProcess.RunAsync("up", "--connection", reference.Url);

        Assert.That(runs.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", runs.Select(r => r.ToString())));
        Assert.That(single.ExitCode, Is.Zero, single.ToString());
        foreach (var m in migrations)
            Assert.That(runs.Count(r => r.Stderr.Contains($"Applying {m.Version}:", StringComparison.Ordinal)), Is.EqualTo(1),
                $"{m.Version} applied by exactly one process");
        var history = await db.QueryAsync($"SELECT version, state FROM {Dialects.HistoryTable.Name} ORDER BY version");
        Assert.That(history, Is.EqualTo(migrations.Select(m => new[] { m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), "applied" })));
        Assert.That((await db.SnapshotAsync()).DifferencesFrom(await reference.SnapshotAsync()), Is.Empty);
    }

    [Test]
    public async Task A_held_lock_makes_up_time_out_with_exit_3()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "held");
        await using (await LockProbe.HoldAsync(db))
        {
            var clock = Stopwatch.StartNew();
            var up = await ToolProcess.RunAsync("up", "--lock-timeout", "2", "--connection", db.Url);

            Assert.That(up.ExitCode, Is.EqualTo(3), up.ToString());
            Assert.That(up.Stderr, Does.Match("Timed out after [23] s waiting for the schema lock"), "MySQL's GET_LOCK waits up to 1 s per try");
            Assert.That(up.Stderr, Does.Contain("--lock-timeout"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        }
        Assert.That((await db.SnapshotAsync()).Objects, Is.Empty, "nothing applied");
    }

    [Test]
    public async Task A_process_killed_while_holding_the_lock_leaves_no_stale_lock()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "killed");
        var first = db.Migrator().Renderer.Migrations[0].Version;
        using (var holder = RunningTool.Start(new Dictionary<string, string?> { [PauseVariable] = $"{first}:3" }, "up", "--connection", db.Url))
        {
            await holder.WaitForStderrAsync("test hook: paused", TimeSpan.FromSeconds(60));
            Assert.That(await LockProbe.IsFreeAsync(db), Is.False, "the paused process holds the lock");
            await holder.KillHardAsync();
        }

        var clock = Stopwatch.StartNew();
        while (!await LockProbe.IsFreeAsync(db))
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "the server released the dead process's lock");
            await Task.Delay(200);
        }
    }

    [Test]
    public async Task Ctrl_c_while_waiting_for_the_lock_exits_130_promptly_and_leaves_no_lock()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "sigint");
        await using (await LockProbe.HoldAsync(db))
        {
            using var waiting = RunningTool.Start(null, "up", "--lock-timeout", "120", "--connection", db.Url);
            await waiting.WaitForStderrAsync("Waiting for the schema lock", TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            waiting.Interrupt();
            var result = await waiting.WaitAsync(TimeSpan.FromSeconds(15));

            Assert.That(result.ExitCode, Is.EqualTo(130), result.ToString());
            Assert.That(result.Stderr, Does.Contain("Cancelled."));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        }
        Assert.That(await LockProbe.IsFreeAsync(db), Is.True);
        Assert.That((await db.SnapshotAsync()).Objects, Is.Empty, "nothing applied");
    }
}
