using TaskFlow.Schema.IntegrationTests.Infrastructure;
using TaskFlow.Schema.Running;
using static TaskFlow.Schema.Dialects.HistoryTable;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>
/// `up` killed with SIGKILL after each statement of a migration, on MariaDB where DDL cannot be rolled back: the
/// documented path (repair, repair --resume when it says half-done, then up) always ends in the clean state, with
/// every seed row exactly once and no hand edit.
/// </summary>
[Category(Engines.MySql)]
public sealed class KillRecoveryTests
{
    private const string PauseVariable = "TASKFLOW_SCHEMA_TEST_PAUSE_AFTER_STATEMENT";

    // 202508010000: thirteen DDL statements, then a seed INSERT and an UPDATE of existing rows (where kills used to be
    // unplaceable). 202508120000: a table, its index, and seed rows in one multi-row statement.
    [TestCase(202508010000, 202507210000, "SELECT (SELECT COUNT(*) FROM exercises) * 10 + (SELECT COUNT(*) FROM requests WHERE exercise_id IS NULL)", "10")]
    [TestCase(202508120000, 202508050000, "SELECT COUNT(*) FROM system_settings", "3")]
    public async Task A_kill_after_any_statement_is_recovered_by_repair_then_up(long version, long previous, string dataCheck, string expectedData)
    {
        await using var reference = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "killref");
        await reference.Migrator().UpAsync(version, CancellationToken.None);
        var clean = await reference.SnapshotAsync();
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "kill");
        var migrator = db.Migrator();
        await migrator.UpAsync(previous, CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO requests (`text`) VALUES ('received before the migration')");
        var migration = migrator.Renderer.RenderUpTo(version)[^1];
        Assert.That(migration.Version, Is.EqualTo(version));

        for (var k = 1; k <= migration.Up.Count; k++)
        {
            var at = $"killed after statement {k} of {migration.Up.Count}";
            using (var tool = RunningTool.Start(new Dictionary<string, string?> { [PauseVariable] = $"{version}:{k}" },
                       "up", "--to", version.ToString(System.Globalization.CultureInfo.InvariantCulture), "--connection", db.Url))
            {
                await tool.WaitForStderrAsync($"test hook: paused after statement {k} of migration {version}", TimeSpan.FromSeconds(60));
                await tool.KillHardAsync();
            }
            Assert.ThrowsAsync<SchemaException>(() => migrator.UpAsync(version, CancellationToken.None), $"{at}: up refuses before repair");

            var repair = await migrator.RepairAsync(false, CancellationToken.None);
            if (!repair.Repaired)
            {
                Assert.That(repair.Summary, Does.Contain("is half-done"), $"{at}: {repair.Summary}\n{string.Join("\n", repair.Details)}");
                var resumed = await migrator.RepairAsync(true, CancellationToken.None);
                Assert.That(resumed.Repaired, Is.True, $"{at}: {resumed.Summary}");
            }
            await migrator.UpAsync(version, CancellationToken.None);

            Assert.That((await db.SnapshotAsync()).CompareWith(clean).Differences, Is.Empty, at);
            Assert.That((await db.QueryAsync(dataCheck)).Single()[0], Is.EqualTo(expectedData), $"{at}: seed rows once, data statements once");
            var state = await migrator.StatusAsync(CancellationToken.None);
            Assert.That(state.Where(s => s.Version <= version).Select(s => (s.State, s.ChecksumMatches)), Is.All.EqualTo((Applied, (bool?)true)), at);

            await migrator.DownAsync(previous, CancellationToken.None);
        }
    }
}
