using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Connections;

/// <summary>
/// A database to connect to: engine, ADO.NET connection string, and a display form that never
/// contains the password. Its driver knows how the connection string is built.
/// </summary>
public sealed record ConnectionTarget(DatabaseEngine Engine, string ConnectionString, string Display, string Database)
{
    /// <summary>Keeps the password out of logs, exceptions and debugger views.</summary>
    public override string ToString() => Display;

    /// <summary>The same server with another database, for tests and tools that create databases.</summary>
    public ConnectionTarget WithDatabase(string database) => DialectRegistry.Driver(Engine).WithDatabase(this, database);

    /// <summary>Builds a target from a plain ADO.NET connection string of a known engine.</summary>
    public static ConnectionTarget FromAdo(DatabaseEngine engine, string connectionString)
    {
        try
        {
            return DialectRegistry.Driver(engine).FromAdo(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new SchemaException($"The connection string is not a valid {engine} connection string: {Secrets.Redact(e.Message)}");
        }
    }
}
