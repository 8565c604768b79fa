using System.CommandLine;
using TaskFlow.Schema.Connections;

namespace TaskFlow.Schema.Tool;

/// <summary>--from and --to of the data commands, falling back to the variables TaskFlow's migration plan uses.</summary>
internal static class CopyEndpoints
{
    // copy-data, verify-data and cutover go from MySQL to PostgreSQL only; sync and its subcommands go either way.
    public static readonly Option<string?> From = new("--from")
    {
        Description = "Source MySQL database URL (mysql://, mysql+aiomysql://, mariadb://); default: from MYSQL_HOST, MYSQL_USER, MYSQL_PASSWORD, MYSQL_DATABASE, MYSQL_PORT",
    };

    public static readonly Option<string?> To = new("--to")
    {
        Description = "Target PostgreSQL database URL (postgresql://, postgresql+asyncpg://); default: from POSTGRES_HOST, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, POSTGRES_PORT",
    };

    public static readonly Option<string?> SyncFrom = new("--from")
    {
        Description = "Source database URL: MySQL (mysql://, mysql+aiomysql://, mariadb://), or PostgreSQL for the way back after a cut-over; " +
            "default: from MYSQL_HOST, MYSQL_USER, MYSQL_PASSWORD, MYSQL_DATABASE, MYSQL_PORT",
    };

    public static readonly Option<string?> SyncTo = new("--to")
    {
        Description = "Target database URL: PostgreSQL (postgresql://), or MySQL for the way back; default: from POSTGRES_HOST, POSTGRES_USER, " +
            "POSTGRES_PASSWORD, POSTGRES_DB, POSTGRES_PORT",
    };

    public static readonly Option<string?> FromEnv = new("--from-env")
    {
        Description = "Name of an environment variable holding the source URL (instead of --from: the password stays out of the process list)",
    };

    public static readonly Option<string?> ToEnv = new("--to-env")
    {
        Description = "Name of an environment variable holding the target URL (instead of --to)",
    };

    public const int MaxParallel = 64;

    public static readonly Option<int> Parallel = CreateParallel();

    public static readonly Option<bool> Json = new("--json") { Description = "Print the summary as JSON on stdout" };

    private static Option<int> CreateParallel()
    {
        var option = new Option<int>("--parallel")
        {
            Description = $"Tables loaded or verified at once (1 to {MaxParallel})",
            DefaultValueFactory = _ => 2,
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > MaxParallel)
                r.AddError($"--parallel must be a whole number from 1 to {MaxParallel}, not {r.GetValueOrDefault<int>()}.");
        });
        return option;
    }

    public static ConnectionTarget Source(ParseResult result) =>
        ConnectionParser.Parse(Given(result, Either(result, From, SyncFrom), FromEnv) ?? FromEnvironment("mysql", "MYSQL", "MYSQL_DATABASE", 3306, "--from"));

    public static ConnectionTarget Target(ParseResult result) =>
        ConnectionParser.Parse(Given(result, Either(result, To, SyncTo), ToEnv) ?? FromEnvironment("postgresql", "POSTGRES", "POSTGRES_DB", 5432, "--to"));

    // The instance of --from or --to the command was built with.
    private static Option<string?> Either(ParseResult result, Option<string?> oneWay, Option<string?> eitherWay) =>
        result.CommandResult.Command.Options.Contains(eitherWay) ? eitherWay : oneWay;

    /// <summary>
    /// The URL given by <paramref name="url"/> itself or by the environment variable <paramref name="variable"/> names (null: neither).
    /// A URL read from the environment never reaches the process list.
    /// </summary>
    public static string? Given(ParseResult result, Option<string?> url, Option<string?> variable)
    {
        var name = result.GetValue(variable);
        if (name is null)
            return result.GetValue(url);
        if (result.GetValue(url) is not null)
            throw new SchemaException($"{url.Name} and {variable.Name} both give the URL: pass one of them.");
        return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new SchemaException($"{variable.Name} {name}: that environment variable is not set or empty.");
    }

    private static string FromEnvironment(string scheme, string prefix, string databaseVariable, int defaultPort, string option)
    {
        var host = Environment.GetEnvironmentVariable(prefix + "_HOST");
        var database = Environment.GetEnvironmentVariable(databaseVariable);
        if (string.IsNullOrWhiteSpace(host) || string.IsNullOrWhiteSpace(database))
            throw new SchemaException($"No {(prefix == "MYSQL" ? "source" : "target")} database: pass {option} URL or set {prefix}_HOST, {prefix}_USER, {prefix}_PASSWORD and {databaseVariable}.");
        var user = Environment.GetEnvironmentVariable(prefix + "_USER") ?? "";
        var password = Environment.GetEnvironmentVariable(prefix + "_PASSWORD");
        var port = Environment.GetEnvironmentVariable(prefix + "_PORT") is { Length: > 0 } p ? p : defaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var credentials = Uri.EscapeDataString(user) + (password is null ? "" : ":" + Uri.EscapeDataString(password));
        return $"{scheme}://{credentials}@{host}:{port}/{Uri.EscapeDataString(database)}";
    }
}
