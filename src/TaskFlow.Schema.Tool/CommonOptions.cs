using System.CommandLine;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool;

/// <summary>Options several commands share, and how they turn into a connection.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Connection = new("--connection", "-c")
    {
        Description = "Database URL (postgresql://, mysql://, mariadb://, ...) or ADO.NET connection string; default: $DATABASE_URL, else $POSTGRES_HOST... or $MYSQL_HOST...",
    };

    public static readonly Option<string?> ConnectionEnv = new("--connection-env")
    {
        Description = "Name of an environment variable holding the database URL (instead of --connection: the password stays out of the process list)",
    };

    public static readonly Option<string?> Engine = new("--engine", "-e")
    {
        Description = "postgres or mysql: needed only with a plain ADO.NET connection string",
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces of errors",
        Recursive = true,
    };

    public static readonly Option<int> LockTimeoutSeconds = new("--lock-timeout")
    {
        Description = "Seconds to wait for another process's schema lock",
        DefaultValueFactory = _ => 300,
    };

    public static readonly Option<string?> ShadowConnection = new("--shadow-connection")
    {
        Description = "Server (URL, same engine) on which to create the temporary shadow database, when the target's user cannot create databases",
    };

    /// <summary>
    /// An option that takes a migration version (digits, such as 202508010000); anything else is refused with a
    /// message that says so, not with the CLR type's name.
    /// </summary>
    public static Option<long?> VersionOption(string name, string description) => new(name)
    {
        Description = description + "; a migration version is its digits, such as 202508010000",
        CustomParser = argument =>
        {
            var text = argument.Tokens.Count == 1 ? argument.Tokens[0].Value : "";
            if (text.Length > 0 && text.All(char.IsAsciiDigit) && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value))
                return value;
            argument.AddError($"{name} '{text}' is not a migration version: give its digits, such as 202508010000 (`taskflow-schema status` lists them).");
            return null;
        },
    };

    public static ConnectionTarget? ShadowServer(ParseResult result) =>
        result.GetValue(ShadowConnection) is { } url ? ConnectionParser.Parse(url, result.GetValue(Engine), requireDatabase: false) : null;

    public static ConnectionTarget Target(ParseResult result)
    {
        var value = CopyEndpoints.Given(result, Connection, ConnectionEnv) ?? Environment.GetEnvironmentVariable("DATABASE_URL");
        if (string.IsNullOrWhiteSpace(value))
            value = EnvironmentConnection.Url(Environment.GetEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
            throw new SchemaException("No database given: pass --connection URL, or set DATABASE_URL or POSTGRES_HOST/MYSQL_HOST (with _PORT, _USER, _PASSWORD, POSTGRES_DB/MYSQL_DATABASE).");
        return ConnectionParser.Parse(value, result.GetValue(Engine));
    }

    /// <summary>A migrator for the command's connection, with its lock timeout when the command has that option.</summary>
    public static SchemaMigrator Migrator(ParseResult result, ConnectionTarget target) =>
        new(target, TaskFlowSchema.Migrations, new ConsoleLog())
        {
            LockTimeout = TimeSpan.FromSeconds(result.GetValue(LockTimeoutSeconds)),
        };
}
