using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Connections;

/// <summary>
/// Reads a connection from the forms TaskFlow uses: SQLAlchemy-style URLs (each engine's driver lists its schemes:
/// postgresql://, postgresql+asyncpg://, mysql://, mariadb://, ...) or a plain ADO.NET string together with an
/// engine name. The URL is taken apart here; what it means for an engine is the driver's business.
/// </summary>
public static class ConnectionParser
{
    /// <summary>
    /// Parses <paramref name="value"/>; <paramref name="engine"/> is required for plain ADO.NET strings. The connection
    /// must name a database unless <paramref name="requireDatabase"/> is false (a server to create shadows on).
    /// </summary>
    public static ConnectionTarget Parse(string value, string? engine = null, bool requireDatabase = true)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new SchemaException("No database connection: pass --connection or set DATABASE_URL.");
        var explicitEngine = engine is null ? (DatabaseEngine?)null : ParseEngine(engine);
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        ConnectionTarget target;
        if (schemeEnd < 0)
        {
            if (explicitEngine is null)
                throw new SchemaException("A plain connection string does not say its engine: add --engine postgres or --engine mysql.");
            target = ConnectionTarget.FromAdo(explicitEngine.Value, value);
            if (requireDatabase && target.Database.Length == 0)
                throw new SchemaException("The connection string names no database: add Database=NAME to it.");
            return target;
        }

        var scheme = value[..schemeEnd].ToLowerInvariant();
        var driver = DialectRegistry.DriverForScheme(scheme) ?? throw new SchemaException(
            $"Unknown database URL scheme '{scheme}://': use {string.Join(", ", DialectRegistry.Drivers.SelectMany(d => d.UrlSchemes).Select(s => s + "://"))}.");
        if (explicitEngine is { } e && e != driver.Engine)
            throw new SchemaException($"--engine {engine} does not match the URL scheme '{scheme}://'.");
        var url = Split(value, scheme);
        if (requireDatabase && url.Database.Length == 0)
            throw new SchemaException(
                $"The database URL names no database: add it to the path, as in {scheme}://{(url.User.Length == 0 ? "" : url.User + "@")}{url.Host}{(url.Port is { } p ? $":{p}" : "")}/DATABASE.");
        return driver.FromUrl(url);
    }

    /// <summary>Parses an engine name as users type it.</summary>
    public static DatabaseEngine ParseEngine(string engine) =>
        DialectRegistry.Drivers.FirstOrDefault(d => d.EngineNames.Contains(engine.Trim().ToLowerInvariant()))?.Engine
        ?? throw new SchemaException($"Unknown engine '{engine}': use {string.Join(" or ", DialectRegistry.Drivers.Select(d => d.EngineNames[0]))}.");

    private static ConnectionUrl Split(string value, string scheme)
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
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]).ToLowerInvariant(), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
        return new ConnectionUrl(scheme, uri.Host, uri.Port > 0 ? uri.Port : null, user, password, Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), query);
    }
}
