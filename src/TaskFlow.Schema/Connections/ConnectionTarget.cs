using MySqlConnector;
using Npgsql;

namespace TaskFlow.Schema.Connections;

/// <summary>
/// A database to connect to: engine, ADO.NET connection string, and a display form that never
/// contains the password.
/// </summary>
public sealed record ConnectionTarget(DatabaseEngine Engine, string ConnectionString, string Display, string Database)
{
    /// <summary>Keeps the password out of logs, exceptions and debugger views.</summary>
    public override string ToString() => Display;

    /// <summary>The same server with another database, for tests and tools that create databases.</summary>
    public ConnectionTarget WithDatabase(string database) => Engine switch
    {
        DatabaseEngine.PostgreSql => FromAdo(Engine, new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString),
        _ => FromAdo(Engine, new MySqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString),
    };

    /// <summary>Builds a target from a plain ADO.NET connection string of a known engine.</summary>
    public static ConnectionTarget FromAdo(DatabaseEngine engine, string connectionString)
    {
        try
        {
            return engine switch
            {
                DatabaseEngine.PostgreSql => FromNpgsql(new NpgsqlConnectionStringBuilder(connectionString)),
                _ => FromMySql(new MySqlConnectionStringBuilder(connectionString)),
            };
        }
        catch (ArgumentException e)
        {
            throw new SchemaException($"The connection string is not a valid {engine} connection string: {Redact(e.Message)}");
        }
    }

    internal static ConnectionTarget FromNpgsql(NpgsqlConnectionStringBuilder b) =>
        new(DatabaseEngine.PostgreSql, b.ConnectionString,
            $"postgresql://{(string.IsNullOrEmpty(b.Username) ? "" : b.Username + "@")}{b.Host}:{b.Port}/{b.Database}",
            b.Database ?? "");

    internal static ConnectionTarget FromMySql(MySqlConnectionStringBuilder b) =>
        new(DatabaseEngine.MySql, b.ConnectionString,
            $"mysql://{(string.IsNullOrEmpty(b.UserID) ? "" : b.UserID + "@")}{b.Server}:{b.Port}/{b.Database}",
            b.Database ?? "");

    // Builders echo the offending keyword, never its value; still, strip anything that looks like one.
    private static string Redact(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, "(?i)(password|pwd)\\s*=\\s*[^;\\s]*", "$1=***");
}
