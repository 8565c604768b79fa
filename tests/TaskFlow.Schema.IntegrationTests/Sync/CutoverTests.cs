using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

[TestFixture, Category(SyncCategory.Name)]
public sealed class CutoverTests
{
    [Test]
    public async Task Under_a_write_load_sync_then_cutover_leave_every_row_equal_and_stop_the_writes()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await using var app = await AppUser.CreateAsync(dbs.Source, "SELECT, INSERT, UPDATE, DELETE");
        var load = new WriteLoad(app.ConnectionString, seed: 7);
        using var stopLoad = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        // The load starts as soon as the capture is in place, so the full copy reads a changing source. (Creating the
        // triggers takes each table's metadata lock for a moment, as any CREATE TRIGGER does.)
        var sync = dbs.StartSync();
        await sync.WaitForStderrAsync("Change capture installed", TimeSpan.FromMinutes(1));
        var writing = load.RunAsync(operations: 3000, TimeSpan.FromMilliseconds(3), stopLoad.Token);
        using (sync)
        {
            await sync.WaitForStderrAsync("Full copy done", TimeSpan.FromMinutes(2));
            while (load.Done < 300 && !writing.IsCompleted)
                await Task.Delay(100);
            sync.Interrupt();
            var stopped = await sync.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.That(stopped.ExitCode, Is.Zero, stopped.ToString());
            Assert.That(stopped.Stderr, Does.Contain("Stopped:"));
        }

        // The load still runs: the cut-over's read-only is what stops it.
        var cutover = await dbs.CutoverAsync("--json");
        await writing;

        Assert.That(cutover.ExitCode, Is.Zero, cutover.ToString());
        Assert.That(load.Refused, Is.True, $"the application's writes were refused once MySQL was read-only ({load.Done} done)");
        using var json = JsonDocument.Parse(cutover.Stdout);
        Assert.That(json.RootElement.GetProperty("database_url").GetString(),
            Is.EqualTo($"postgresql+asyncpg://taskflow@127.0.0.1:5432/{dbs.Target.Name}"));
        Assert.That(cutover.Stdout + cutover.Stderr, Does.Not.Contain("taskflow:taskflow").And.Not.Contain("app-secret-pw"));
        Assert.That(json.RootElement.GetProperty("window_seconds").GetDouble(), Is.GreaterThan(0));
        Assert.That(json.RootElement.GetProperty("tables").EnumerateArray().All(t => t.GetProperty("verified").GetBoolean()), Is.True);
        // Keys changed since the full copy: compared before writes stopped, and again in the window when applied since.
        Assert.That(json.RootElement.GetProperty("keys_verified").GetInt64() + json.RootElement.GetProperty("keys_checked_before").GetInt64(),
            Is.GreaterThan(100));
        Assert.That(cutover.Stderr, Does.Contain("window of"));
        Assert.That(await dbs.SourceScalarAsync("SELECT @@GLOBAL.read_only"), Is.EqualTo("1"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.EqualTo("0"),
            "forward capture removed from MySQL");
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'taskflow\\_sync\\_%'"), Is.Not.EqualTo("0"),
            "reverse capture installed on PostgreSQL");
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'"), Is.EqualTo("0"),
            "the schema's own triggers (disabled while the sync applied rows) are on again");
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
        // Identity positions follow the highest key: a new row on PostgreSQL gets a fresh id.
        var highest = long.Parse((await dbs.TargetScalarAsync("SELECT MAX(id) FROM requests"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await dbs.TargetScalarAsync("INSERT INTO requests (text) VALUES ('after the cut-over') RETURNING id"),
            Is.EqualTo((highest + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
