namespace TaskFlow.Schema.Tool;

/// <summary>
/// The connection a container gets from its environment when it has no <c>DATABASE_URL</c>: the variables the
/// official PostgreSQL and MySQL images and most charts already define (<c>POSTGRES_HOST</c>, <c>POSTGRES_PORT</c>,
/// <c>POSTGRES_USER</c>, <c>POSTGRES_PASSWORD</c>, <c>POSTGRES_DB</c>, and the same with <c>MYSQL_</c> and
/// <c>MYSQL_DATABASE</c>), turned into the URL form everything else reads.
/// </summary>
internal static class EnvironmentConnection
{
    public static string? Url(Func<string, string?> variable)
    {
        if (Build(variable, "POSTGRES", "postgresql", "POSTGRES_DB") is { } postgres)
            return postgres;
        return Build(variable, "MYSQL", "mysql", "MYSQL_DATABASE");
    }

    // Only a host makes the set: POSTGRES_PASSWORD alone is what a database container itself is given.
    private static string? Build(Func<string, string?> variable, string prefix, string scheme, string databaseVariable)
    {
        var host = variable(prefix + "_HOST");
        if (string.IsNullOrWhiteSpace(host))
            return null;
        var port = variable(prefix + "_PORT");
        var user = variable(prefix + "_USER");
        var password = variable(prefix + "_PASSWORD");
        var database = variable(databaseVariable);
        var credentials = string.IsNullOrEmpty(user) ? ""
            : Uri.EscapeDataString(user) + (password is null ? "" : ":" + Uri.EscapeDataString(password)) + "@";
        return $"{scheme}://{credentials}{host.Trim()}{(string.IsNullOrWhiteSpace(port) ? "" : ":" + port.Trim())}/{Uri.EscapeDataString(database ?? "")}";
    }
}
