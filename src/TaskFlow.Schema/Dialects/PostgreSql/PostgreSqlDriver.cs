using System.Data.Common;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using TaskFlow.Schema.Connections;

namespace TaskFlow.Schema.Dialects.PostgreSql;

/// <summary>PostgreSQL through Npgsql: transactional DDL, advisory locks.</summary>
public sealed class PostgreSqlDriver : IDatabaseDriver
{
    // Npgsql maps DateOnly/DateTime MinValue and MaxValue to -infinity and infinity in both directions by default:
    // a MySQL date 9999-12-31 would be written as infinity. Every PostgreSQL connection of the tool opens here, so
    // the switch is set before Npgsql reads it.
    static PostgreSqlDriver() => AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);

    private const string AppliedBy = "current_user || '@' || COALESCE(host(inet_client_addr()), 'local')";

    /// <inheritdoc/>
    public DatabaseEngine Engine => DatabaseEngine.PostgreSql;

    /// <inheritdoc/>
    public bool TransactionalDdl => true;

    /// <inheritdoc/>
    public string Name => "postgresql";

    /// <inheritdoc/>
    public IReadOnlyList<string> EngineNames { get; } = ["postgres", "postgresql", "pg"];

    /// <inheritdoc/>
    public IReadOnlyList<string> UrlSchemes { get; } = ["postgresql", "postgres", "postgresql+asyncpg", "postgresql+psycopg", "postgresql+psycopg2"];

    /// <inheritdoc/>
    public ConnectionTarget FromUrl(ConnectionUrl url)
    {
        var b = new NpgsqlConnectionStringBuilder { Host = url.Host, Port = url.Port ?? 5432, Username = url.User, Database = url.Database };
        if (url.Password is not null)
            b.Password = url.Password;
        if (url.Query.TryGetValue("sslmode", out var ssl) || url.Query.TryGetValue("ssl", out ssl))
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
        return Target(b);
    }

    /// <inheritdoc/>
    public ConnectionTarget FromAdo(string connectionString) => Target(new NpgsqlConnectionStringBuilder(connectionString));

    /// <inheritdoc/>
    public ConnectionTarget WithDatabase(ConnectionTarget target, string database) =>
        Target(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = database });

    /// <inheritdoc/>
    public string? Describe(DbException error) => error switch
    {
        PostgresException { SqlState: "28P01" } pg => $"PostgreSQL rejected the user name or password ({pg.MessageText}). Check the credentials in the connection URL.",
        PostgresException { SqlState: "3D000" } pg => $"{Sentences.Of(pg.MessageText)} Create the database first, or fix its name in the URL.",
        NpgsqlException { InnerException: SocketException or TimeoutException } pg =>
            $"Cannot reach the PostgreSQL server: {Sentences.Of(pg.InnerException!.Message)} Check host and port, and that the server is running.",
        _ => null,
    };

    private static ConnectionTarget Target(NpgsqlConnectionStringBuilder b) =>
        new(DatabaseEngine.PostgreSql, b.ConnectionString,
            $"postgresql://{(string.IsNullOrEmpty(b.Username) ? "" : b.Username + "@")}{b.Host}:{b.Port}/{b.Database}",
            b.Database ?? "");

    /// <inheritdoc/>
    /// <remarks>Used only for migrations declared without a transaction, whose DDL may be what cannot run in one: only data changes and comments are wrapped.</remarks>
    public bool SharesTransaction(IReadOnlyList<string> keywords) => keywords.All(k => k is "INSERT" or "UPDATE" or "DELETE" or "COMMENT");

    /// <inheritdoc/>
    public async Task<DbConnection> OpenAsync(ConnectionTarget target, Action<string>? warn, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(target.ConnectionString);
        if (warn is not null)
            connection.Notice += (_, e) => warn(e.Notice.MessageText);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <inheritdoc/>
    public string CreateHistoryTable => $"""
        CREATE TABLE IF NOT EXISTS "{HistoryTable.Name}" (
            "version" bigint NOT NULL PRIMARY KEY,
            "description" varchar(1024) NOT NULL,
            "state" varchar(16) NOT NULL,
            "checksum" char(64) NOT NULL,
            "applied_at" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
            "duration_ms" bigint NULL,
            "applied_by" varchar(256) NOT NULL,
            "tool_version" varchar(64) NOT NULL,
            "failed_statement" text NULL,
            "error" text NULL
        );
        """;

    /// <inheritdoc/>
    public string ScriptHistoryInsert(long version, string description, string checksum, string toolVersion) =>
        $"INSERT INTO \"{HistoryTable.Name}\" (\"version\", \"description\", \"state\", \"checksum\", \"applied_by\", \"tool_version\") " +
        $"VALUES ({version}, {Literal(description)}, '{HistoryTable.Applied}', '{checksum}', {AppliedBy}, {Literal(toolVersion)});";

    /// <inheritdoc/>
    public string UpsertHistory => $"""
        INSERT INTO "{HistoryTable.Name}" (version, description, state, checksum, applied_at, duration_ms, applied_by, tool_version, failed_statement, error)
        VALUES (@version, @description, @state, @checksum, CURRENT_TIMESTAMP, @duration_ms, {AppliedBy}, @tool_version, @failed_statement, @error)
        ON CONFLICT (version) DO UPDATE SET description = EXCLUDED.description, state = EXCLUDED.state, checksum = EXCLUDED.checksum,
            applied_at = EXCLUDED.applied_at, duration_ms = EXCLUDED.duration_ms, applied_by = EXCLUDED.applied_by,
            tool_version = EXCLUDED.tool_version, failed_statement = EXCLUDED.failed_statement, error = EXCLUDED.error
        """;

    /// <inheritdoc/>
    public string SelectHistory =>
        $"SELECT version, description, state, checksum, applied_at AS AppliedAt, duration_ms AS DurationMs, applied_by AS AppliedBy, tool_version AS ToolVersion, failed_statement AS FailedStatement, error FROM \"{HistoryTable.Name}\" ORDER BY version";

    /// <inheritdoc/>
    public string HistoryTableExists =>
        $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{HistoryTable.Name}'";

    /// <inheritdoc/>
    public async Task<bool> TryLockAsync(DbConnection connection, string key, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT pg_try_advisory_lock(@key)", new { key = LockKey(key) }, cancellationToken: cancellationToken));

    /// <inheritdoc/>
    public async Task UnlockAsync(DbConnection connection, string key, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT pg_advisory_unlock(@key)", new { key = LockKey(key) }, cancellationToken: cancellationToken));

    /// <inheritdoc/>
    public string LockStatement(string key) => $"SELECT pg_try_advisory_lock({LockKey(key)});";

    /// <inheritdoc/>
    public string UnlockStatement(string key) => $"SELECT pg_advisory_unlock({LockKey(key)});";

    /// <inheritdoc/>
    public string MaintenanceDatabase => "postgres";

    /// <inheritdoc/>
    public string ListDatabases => "SELECT datname FROM pg_database";

    /// <inheritdoc/>
    public string DatabaseExists => "SELECT COUNT(*) FROM pg_database WHERE datname = @name";

    /// <inheritdoc/>
    public string CreateDatabase(string name, string? defaults = null) => $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0";

    /// <inheritdoc/>
    /// <remarks>Tables take no database default here: a column's collation is its own, named by the migrations.</remarks>
    public Task<string?> DatabaseDefaultsAsync(DbConnection connection, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <inheritdoc/>
    public Task RefuseUnusableDefaultsAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    /// <remarks>Two concurrent CREATE DATABASE: one gets duplicate_database, or unique_violation on pg_database's name index.</remarks>
    public bool IsDuplicateDatabase(DbException error) => error is PostgresException { SqlState: "42P04" or "23505" };

    /// <inheritdoc/>
    public string DropDatabase(string name) => $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";

    // Advisory locks take a bigint: a stable hash of the name, the same for every process.
    internal static long LockKey(string key) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);

    private static readonly TaskFlowPostgresQuoter Quoter = new();

    private static string Literal(string value) => Quoter.QuoteValue(value);
}
