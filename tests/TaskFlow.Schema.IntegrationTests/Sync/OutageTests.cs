using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>A server that drops the sync's connection is waited for and reconnected to, one line per outage; past the bound the sync says a rerun resumes.</summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class OutageTests
{
    [Test]
    public async Task Connections_dropped_by_either_server_are_reopened_with_one_line_each_and_no_change_is_lost()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        using var sync = dbs.StartSync();
        await sync.WaitForStderrAsync("Full copy done", TimeSpan.FromMinutes(2));
        await sync.WaitForStderrAsync("changes applied, ", TimeSpan.FromMinutes(1));

        // Each outage is followed by a write, as the application goes on writing: the next batch meets the dropped connection.
        await dbs.Target.ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{dbs.Target.Name}' AND pid <> pg_backend_pid()");
        await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'written after the PostgreSQL outage' WHERE id = 101");
        await sync.WaitForStderrAsync("reconnected to postgresql://", TimeSpan.FromMinutes(1));
        foreach (var id in (await dbs.Source.QueryAsync(
                     $"SELECT id FROM information_schema.processlist WHERE db = '{dbs.Source.Name}' AND id <> CONNECTION_ID()")).Select(r => r[0]))
            await dbs.Source.ExecuteAsync($"KILL {id}");
        await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'written after the MySQL outage' WHERE id = 102");
        await sync.WaitForStderrAsync("reconnected to mysql://", TimeSpan.FromMinutes(1));
        await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'written after both outages' WHERE id = 100");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await dbs.TargetScalarAsync("SELECT text FROM requests WHERE id = 100") != "written after both outages" && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        sync.Interrupt();
        var stopped = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.That(stopped.ExitCode, Is.Zero, stopped.ToString());
        Assert.That(stopped.Stderr, Does.Contain($"lost postgresql://taskflow@127.0.0.1:5432/{dbs.Target.Name}").And.Contain("retrying for up to 60 s"));
        Assert.That(stopped.Stderr, Does.Contain("lost mysql://"));
        Assert.That(stopped.Stderr.Split('\n').Count(l => l.StartsWith("lost ", StringComparison.Ordinal)), Is.EqualTo(2), "one line per outage");
        Assert.That(stopped.Stderr, Does.Not.Contain("Exception").And.Not.Contain("taskflow:taskflow"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task A_server_that_stays_away_past_the_bound_ends_the_sync_with_one_line_saying_a_rerun_resumes()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        using var sync = RunningTool.Start(null, "sync", "--from", dbs.Source.Url, "--to", dbs.Target.Url, "--reconnect-for", "3");
        await sync.WaitForStderrAsync("Full copy done", TimeSpan.FromMinutes(2));
        await sync.WaitForStderrAsync("changes applied, ", TimeSpan.FromMinutes(1));
        await using (var admin = await Schema.Dialects.DialectRegistry.Driver(DatabaseEngine.PostgreSql)
                         .OpenAsync(TestServers.Admin(DatabaseEngine.PostgreSql), null, CancellationToken.None))
        await using (var command = admin.CreateCommand())
        {
            command.CommandText = $"ALTER DATABASE {dbs.Target.Name} ALLOW_CONNECTIONS false; " +
                                  $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{dbs.Target.Name}'";
            await command.ExecuteNonQueryAsync();
            try
            {
                await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'written while the target was away' WHERE id = 101");
                var ended = await sync.WaitAsync(TimeSpan.FromMinutes(1));
                Assert.That(ended.ExitCode, Is.EqualTo(1), ended.ToString());
                var error = ended.Stderr.Split('\n').Single(l => l.StartsWith("error: ", StringComparison.Ordinal));
                Assert.That(error, Does.Contain($"Lost postgresql://taskflow@127.0.0.1:5432/{dbs.Target.Name} and could not reconnect within 3 s")
                    .And.Contain("run the same sync again"));
                Assert.That(ended.Stderr, Does.Not.Contain("Exception"));
            }
            finally
            {
                command.CommandText = $"ALTER DATABASE {dbs.Target.Name} ALLOW_CONNECTIONS true";
                await command.ExecuteNonQueryAsync();
            }
        }
        await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'written while the target was away' WHERE id = 100");
        var rerun = await dbs.SyncAsync("--until-caught-up");
        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }
}
