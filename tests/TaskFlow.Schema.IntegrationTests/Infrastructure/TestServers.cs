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

    public static ConnectionTarget Admin(DatabaseEngine engine) => Unpooled(ConnectionParser.Parse(AdminUrl(engine)));

    /// <summary>
    /// <paramref name="target"/> with MySQL's connection pool off: a test's connections are the servers' admin account, and an
    /// idle pooled one would be a session the cut-over rightly refuses to leave writing (tests that want one open it).
    /// </summary>
    public static ConnectionTarget Unpooled(ConnectionTarget target) => target.Engine != DatabaseEngine.MySql
        ? target
        : target with { ConnectionString = new MySqlConnector.MySqlConnectionStringBuilder(target.ConnectionString) { Pooling = false }.ConnectionString };

    // Asked once per run of the MySQL server this run's tests use.
    private static T AskMySql<T>(Func<MySqlConnector.MySqlConnection, T> ask)
    {
        using var connection = new MySqlConnector.MySqlConnection(Admin(DatabaseEngine.MySql).ConnectionString);
        connection.Open();
        return ask(connection);
    }

    private static readonly Lazy<bool> MariaDb = new(() => AskMySql(c => c.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Whether the MySQL server of this run is MariaDB (else Oracle MySQL). tools/test.sh runs every MySQL test once on each;
    /// tests ask only where the two servers store or print the same thing differently, never to skip.
    /// </summary>
    public static bool MySqlIsMariaDb => MariaDb.Value;

    private static readonly Lazy<bool> CascadeTriggers = new(() => AskMySql(c =>
    {
        using var command = new MySqlConnector.MySqlCommand("SHOW GLOBAL VARIABLES LIKE 'enable_cascade_triggers'", c);
        using var reader = command.ExecuteReader();
        return reader.Read();
    }));

    /// <summary>Whether the server can fire triggers for rows its foreign keys cascade to (Oracle MySQL 9.x: enable_cascade_triggers).</summary>
    public static bool HasCascadeTriggers => CascadeTriggers.Value;

    /// <summary>The collation a table declared <c>CHARSET=utf8mb4</c> alone gets: the character set's default on this server.</summary>
    public static string Utf8mb4DefaultCollation => MySqlIsMariaDb ? "utf8mb4_general_ci" : "utf8mb4_0900_ai_ci";

    /// <summary>How information_schema spells a JSON column's type: MariaDB's JSON is LONGTEXT with a check, Oracle MySQL's a type of its own.</summary>
    public static string JsonColumnType => MySqlIsMariaDb ? "longtext" : "json";

    /// <summary>The admin URL with another database in its path.</summary>
    public static string UrlFor(DatabaseEngine engine, string database)
    {
        var uri = new UriBuilder("db" + AdminUrl(engine)[AdminUrl(engine).IndexOf("://", StringComparison.Ordinal)..]) { Path = "/" + database };
        var scheme = AdminUrl(engine)[..AdminUrl(engine).IndexOf("://", StringComparison.Ordinal)];
        return scheme + uri.Uri.AbsoluteUri["db".Length..];
    }
}
