using MySqlConnector;
using Npgsql;

namespace TaskFlow.Schema.Connections;

/// <summary>
/// Reads a connection from the forms TaskFlow uses: SQLAlchemy-style URLs (postgresql://,
/// postgres://, postgresql+asyncpg://, mysql://, mysql+aiomysql://, mariadb://) or a plain ADO.NET
/// string together with an engine name.
/// </summary>
public static class ConnectionParser
{
    /// <summary>Parses <paramref name="value"/>; <paramref name="engine"/> is required for plain ADO.NET strings.</summary>
    public static ConnectionTarget Parse(string value, string? engine = null)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new SchemaException("No database connection: pass --connection or set DATABASE_URL.");
        var explicitEngine = engine is null ? (DatabaseEngine?)null : ParseEngine(engine);
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            if (explicitEngine is null)
                throw new SchemaException("A plain connection string does not say its engine: add --engine postgres or --engine mysql.");
            return ConnectionTarget.FromAdo(explicitEngine.Value, value);
        }

        var scheme = value[..schemeEnd].ToLowerInvariant();
        var urlEngine = scheme switch
        {
            "postgresql" or "postgres" or "postgresql+asyncpg" or "postgresql+psycopg" or "postgresql+psycopg2" => DatabaseEngine.PostgreSql,
            "mysql" or "mysql+aiomysql" or "mysql+pymysql" or "mysql+asyncmy" or "mariadb" or "mariadb+aiomysql" => DatabaseEngine.MySql,
            _ => throw new SchemaException(
                $"Unknown database URL scheme '{scheme}://': use postgresql://, postgres://, postgresql+asyncpg://, mysql://, mysql+aiomysql:// or mariadb://."),
        };
        if (explicitEngine is { } e && e != urlEngine)
            throw new SchemaException($"--engine {engine} does not match the URL scheme '{scheme}://'.");
        return FromUrl(urlEngine, value, scheme);
    }

    /// <summary>Parses an engine name as users type it.</summary>
    public static DatabaseEngine ParseEngine(string engine) => engine.Trim().ToLowerInvariant() switch
    {
        "postgres" or "postgresql" or "pg" => DatabaseEngine.PostgreSql,
        "mysql" or "mariadb" => DatabaseEngine.MySql,
        _ => throw new SchemaException($"Unknown engine '{engine}': use postgres or mysql."),
    };

    private static ConnectionTarget FromUrl(DatabaseEngine engine, string value, string scheme)
    {
        // Uri would choke on "postgresql+asyncpg"; give it a scheme it accepts, keep the rest.
        if (!Uri.TryCreate("db" + value[scheme.Length..], UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new SchemaException($"The database URL is malformed; expected {scheme}://user:password@host:port/database.");
        var user = "";
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        var query = ParseQuery(uri.Query);

        if (engine == DatabaseEngine.PostgreSql)
        {
            var b = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.Port > 0 ? uri.Port : 5432,
                Username = user,
                Database = database.Length > 0 ? database : "postgres",
            };
            if (password is not null) b.Password = password;
            if (query.TryGetValue("sslmode", out var ssl) || query.TryGetValue("ssl", out ssl))
                b.SslMode = ssl.ToLowerInvariant() switch
                {
                    "disable" or "false" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" or "true" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new SchemaException($"Unknown sslmode '{ssl}' in the database URL."),
                };
            return ConnectionTarget.FromNpgsql(b);
        }

        var m = new MySqlConnectionStringBuilder
        {
            Server = uri.Host,
            Port = (uint)(uri.Port > 0 ? uri.Port : 3306),
            UserID = user,
            Database = database,
            CharacterSet = "utf8mb4",
            AllowUserVariables = true,
        };
        if (password is not null) m.Password = password;
        if (query.TryGetValue("ssl-mode", out var mode) || query.TryGetValue("ssl_mode", out mode))
            m.SslMode = Enum.TryParse<MySqlSslMode>(mode.Replace("_", ""), ignoreCase: true, out var parsed)
                ? parsed
                : throw new SchemaException($"Unknown ssl-mode '{mode}' in the database URL.");
        return ConnectionTarget.FromMySql(m);
    }

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]).ToLowerInvariant(), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
}
