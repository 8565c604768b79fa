using TaskFlow.Schema.Connections;
using TaskFlow.Schema.IntegrationTests.Infrastructure;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>`up --create-database` started by many pods at once, the README's first command.</summary>
[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class CreateDatabaseTests(DatabaseEngine engine)
{
    [Test]
    public async Task Concurrent_creations_of_one_database_all_succeed_and_exactly_one_creates_it()
    {
        // In-process, the eight calls meet between "does it exist?" and CREATE DATABASE far more often than processes do.
        for (var round = 0; round < 3; round++)
        {
            var name = $"tf_createrace_{Guid.NewGuid():N}";
            var target = ConnectionParser.Parse(TestServers.UrlFor(engine, name));
            try
            {
                using var start = new SemaphoreSlim(0);
                var calls = Enumerable.Range(0, 8).Select(async _ =>
                {
                    await start.WaitAsync();
                    return await DatabaseCreator.EnsureExistsAsync(target, new RecordingLog(), CancellationToken.None);
                }).ToList();
                start.Release(8);
                var created = await Task.WhenAll(calls);
                Assert.That(created.Count(c => c), Is.EqualTo(1), "one call created it, the others found it");
            }
            finally
            {
                await DropAsync(name);
            }
        }
    }

    [Test]
    public async Task Eight_concurrent_up_create_database_processes_all_exit_0()
    {
        var name = $"tf_createup_{Guid.NewGuid():N}";
        var url = TestServers.UrlFor(engine, name);
        try
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ToolProcess.RunAsync("up", "--create-database", "--connection", url)));

            Assert.That(runs.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", runs.Select(r => r.ToString())));
            Assert.That(runs.Count(r => r.Stderr.Contains("Created database", StringComparison.Ordinal)), Is.EqualTo(1));
            var status = await ToolProcess.RunAsync("status", "--connection", url);
            Assert.That(status.ExitCode, Is.Zero, status.ToString());
        }
        finally
        {
            await DropAsync(name);
        }
    }

    private async Task DropAsync(string name)
    {
        var driver = Dialects.DialectRegistry.Driver(engine);
        await using var connection = await driver.OpenAsync(TestServers.Admin(engine), null, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = driver.DropDatabase(name);
        await command.ExecuteNonQueryAsync();
    }
}
