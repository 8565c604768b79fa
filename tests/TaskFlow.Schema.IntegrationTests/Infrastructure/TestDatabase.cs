using System.Data.Common;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Inspection;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>A fresh, empty database of its own for one test; dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(DatabaseEngine engine, string name)
    {
        Engine = engine;
        Name = name;
        Url = TestServers.UrlFor(engine, name);
        Target = TestServers.Unpooled(ConnectionParser.Parse(Url));
    }

    public DatabaseEngine Engine { get; }
    public string Name { get; }

    /// <summary>URL with credentials, for the command line.</summary>
    public string Url { get; }

    public ConnectionTarget Target { get; }

    public IDatabaseDriver Driver => DialectRegistry.Driver(Engine);

    public static async Task<TestDatabase> CreateAsync(DatabaseEngine engine, string? prefix = null)
    {
        var name = $"tf_{prefix ?? "test"}_{Guid.NewGuid():N}".ToLowerInvariant();
        var database = new TestDatabase(engine, name);
        await database.AdminExecuteAsync(database.Driver.CreateDatabase(name));
        return database;
    }

    public async Task<DbConnection> OpenAsync() => await Driver.OpenAsync(Target, null, CancellationToken.None);

    public async Task<SchemaSnapshot> SnapshotAsync()
    {
        await using var connection = await OpenAsync();
        return await DialectRegistry.Inspector(Engine).InspectAsync(connection, CancellationToken.None);
    }

    public async Task<List<string?[]>> QueryAsync(string sql)
    {
        await using var connection = await OpenAsync();
        return await CatalogReader.RowsAsync(connection, sql, CancellationToken.None);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Engine == DatabaseEngine.MySql ? Numbers.Expand(sql) : sql;
        await command.ExecuteNonQueryAsync();
    }

    public SchemaMigrator Migrator(IRunLog? log = null) =>
        new(Target, Migrations.TaskFlowSchema.Migrations, log ?? new RecordingLog());

    public async ValueTask DisposeAsync() => await AdminExecuteAsync(Driver.DropDatabase(Name));

    private async Task AdminExecuteAsync(string sql)
    {
        await using var connection = await Driver.OpenAsync(TestServers.Admin(Engine), null, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
