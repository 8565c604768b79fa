namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>A MariaDB source at the production baseline (step 1, seed rows included) and an empty PostgreSQL target, both fresh.</summary>
public sealed class CopyDatabases : IAsyncDisposable
{
    public const long Baseline = 202507210000;

    private CopyDatabases(TestDatabase source, TestDatabase target)
    {
        Source = source;
        Target = target;
    }

    public TestDatabase Source { get; }
    public TestDatabase Target { get; }

    public static async Task<CopyDatabases> CreateAsync()
    {
        var source = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "copysrc");
        var target = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "copydst");
        await source.Migrator().UpAsync(Baseline, CancellationToken.None);
        return new CopyDatabases(source, target);
    }

    public Task<ToolProcess.Result> CopyAsync(params string[] extra) =>
        ToolProcess.RunAsync(["copy-data", "--from", Source.Url, "--to", Target.Url, .. extra]);

    public Task<ToolProcess.Result> VerifyAsync(params string[] extra) =>
        ToolProcess.RunAsync(["verify-data", "--from", Source.Url, "--to", Target.Url, .. extra]);

    public async Task<string?> TargetScalarAsync(string sql) => (await Target.QueryAsync(sql)).Single()[0];

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
