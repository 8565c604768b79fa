using TaskFlow.Schema.Connections;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>The servers tests run against: admin URLs from the environment, with the defaults tools/start-databases.sh sets up.</summary>
public static class TestServers
{
    public const string PostgresVariable = "TASKFLOW_TEST_POSTGRES";
    public const string MySqlVariable = "TASKFLOW_TEST_MYSQL";

    public static string AdminUrl(DatabaseEngine engine) => engine == DatabaseEngine.PostgreSql
        ? Environment.GetEnvironmentVariable(PostgresVariable) ?? "postgresql://taskflow:taskflow@127.0.0.1:5432/postgres"
        : Environment.GetEnvironmentVariable(MySqlVariable) ?? "mysql://taskflow:taskflow@127.0.0.1:3306/mysql";

    public static ConnectionTarget Admin(DatabaseEngine engine) => ConnectionParser.Parse(AdminUrl(engine));

    /// <summary>The admin URL with another database in its path.</summary>
    public static string UrlFor(DatabaseEngine engine, string database)
    {
        var uri = new UriBuilder("db" + AdminUrl(engine)[AdminUrl(engine).IndexOf("://", StringComparison.Ordinal)..]) { Path = "/" + database };
        var scheme = AdminUrl(engine)[..AdminUrl(engine).IndexOf("://", StringComparison.Ordinal)];
        return scheme + uri.Uri.AbsoluteUri["db".Length..];
    }
}
