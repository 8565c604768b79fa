using MySqlConnector;
using Npgsql;

namespace TaskFlow.Schema.Bench.Floor;

/// <summary>Turns the benchmark's mysql:// and postgresql:// URLs into ADO.NET connection strings.</summary>
internal static class DatabaseUrl
{
    public static string MySql(string url)
    {
        var (host, port, user, password, database) = Split(url, 3306);
        return new MySqlConnectionStringBuilder
        {
            Server = host, Port = (uint)port, UserID = user, Password = password, Database = database,
            CharacterSet = "utf8mb4", Pooling = false,
        }.ConnectionString;
    }

    public static string Postgres(string url)
    {
        var (host, port, user, password, database) = Split(url, 5432);
        var query = new Uri("db" + url[url.IndexOf("://", StringComparison.Ordinal)..]).Query.TrimStart('?');
        var sslmode = query.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "sslmode")?.ElementAtOrDefault(1);
        return new NpgsqlConnectionStringBuilder
        {
            Host = host, Port = port, Username = user, Password = password, Database = database, Pooling = false,
            SslMode = sslmode is null ? SslMode.Prefer : Enum.Parse<SslMode>(sslmode, ignoreCase: true),
        }.ConnectionString;
    }

    private static (string Host, int Port, string User, string Password, string Database) Split(string url, int defaultPort)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
            throw new ArgumentException($"Not a database URL: {url}");
        var uri = new Uri("db" + url[scheme..]);
        var info = uri.UserInfo.Split(':', 2);
        return (uri.Host, uri.Port > 0 ? uri.Port : defaultPort, Uri.UnescapeDataString(info[0]),
            info.Length > 1 ? Uri.UnescapeDataString(info[1]) : "", Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')));
    }
}
