using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>A MariaDB source at the latest step with realistic rows in every table, and an empty PostgreSQL target.</summary>
public sealed class SyncDatabases : IAsyncDisposable
{
    private SyncDatabases(TestDatabase source, TestDatabase target)
    {
        Source = source;
        Target = target;
    }

    public TestDatabase Source { get; }
    public TestDatabase Target { get; }

    public static async Task<SyncDatabases> CreateAsync()
    {
        var source = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "syncsrc");
        var target = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "syncdst");
        await source.Migrator().UpAsync(null, CancellationToken.None);
        await source.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Resources", "latest-step-rows.sql")));
        return new SyncDatabases(source, target);
    }

    public Task<ToolProcess.Result> SyncAsync(params string[] extra) =>
        ToolProcess.RunAsync(["sync", "--from", Source.Url, "--to", Target.Url, .. extra]);

    public Task<ToolProcess.Result> CutoverAsync(params string[] extra) =>
        ToolProcess.RunAsync(["cutover", "--from", Source.Url, "--to", Target.Url, .. extra]);

    /// <summary>The forward sync until caught up, then the cut-over: PostgreSQL is the primary and captures its changes for the way back.</summary>
    public async Task SyncThenCutOverAsync()
    {
        var sync = await SyncAsync("--until-caught-up");
        Assert.That(sync.ExitCode, Is.Zero, sync.ToString());
        var cutover = await CutoverAsync();
        Assert.That(cutover.ExitCode, Is.Zero, cutover.ToString());
    }

    /// <summary>The way back: <c>sync --from PostgreSQL --to MySQL --until-caught-up</c>.</summary>
    public Task<ToolProcess.Result> SyncBackAsync(params string[] extra) =>
        ToolProcess.RunAsync(["sync", "--from", Target.Url, "--to", Source.Url, "--until-caught-up", .. extra]);

    public RunningTool StartSync(IReadOnlyDictionary<string, string?>? environment = null) =>
        RunningTool.Start(environment, "sync", "--from", Source.Url, "--to", Target.Url);

    public async Task<string?> SourceScalarAsync(string sql) => (await Source.QueryAsync(sql)).Single()[0];

    public async Task<string?> TargetScalarAsync(string sql) => (await Target.QueryAsync(sql)).Single()[0];

    /// <summary>The cut-over makes the whole (shared) test server read-only; tests put it back.</summary>
    public static async Task AllowWritesAsync()
    {
        var admin = TestServers.Admin(DatabaseEngine.MySql);
        await using var connection = await Schema.Dialects.DialectRegistry.Driver(DatabaseEngine.MySql).OpenAsync(admin, null, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SET GLOBAL read_only = OFF";
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await AllowWritesAsync();
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
