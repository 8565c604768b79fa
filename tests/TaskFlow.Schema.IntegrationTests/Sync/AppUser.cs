using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>A MariaDB user with the application's rights on one database only (no READ_ONLY ADMIN, no SUPER); dropped on dispose.</summary>
public sealed class AppUser : IAsyncDisposable
{
    private AppUser(string name, string password, TestDatabase database)
    {
        Name = name;
        Url = $"mysql://{name}:{password}@{new Uri(database.Url.Replace("mysql://", "http://", StringComparison.Ordinal)).Authority.Split('@')[^1]}/{database.Name}";
    }

    public string Name { get; }

    /// <summary>The database's URL with this user's credentials.</summary>
    public string Url { get; }

    public string ConnectionString => Schema.Connections.ConnectionParser.Parse(Url).ConnectionString;

    public static async Task<AppUser> CreateAsync(TestDatabase database, string rights)
    {
        var name = "tf_app_" + Guid.NewGuid().ToString("N")[..12];
        const string password = "app-secret-pw";
        await AdminAsync($"CREATE USER '{name}'@'%' IDENTIFIED BY '{password}'; GRANT {rights} ON `{database.Name}`.* TO '{name}'@'%';");
        return new AppUser(name, password, database);
    }

    /// <summary>A connection as this user (not pooled).</summary>
    public Task<System.Data.Common.DbConnection> OpenAsync() =>
        DialectRegistry.Driver(DatabaseEngine.MySql).OpenAsync(TestServers.Unpooled(Schema.Connections.ConnectionParser.Parse(Url)), null, CancellationToken.None);

    public ValueTask DisposeAsync() => new(AdminAsync($"DROP USER IF EXISTS '{Name}'@'%'"));

    private static async Task AdminAsync(string sql)
    {
        await using var connection = await DialectRegistry.Driver(DatabaseEngine.MySql).OpenAsync(TestServers.Admin(DatabaseEngine.MySql), null, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
