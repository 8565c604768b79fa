using System.Data.Common;
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
    public string DatabaseExists => "SELECT COUNT(*) FROM pg_database WHERE datname = @name";

    /// <inheritdoc/>
    public string CreateDatabase(string name) => $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0";

    /// <inheritdoc/>
    public string DropDatabase(string name) => $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";

    // Advisory locks take a bigint: a stable hash of the name, the same for every process.
    internal static long LockKey(string key) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);

    private static readonly TaskFlowPostgresQuoter Quoter = new();

    private static string Literal(string value) => Quoter.QuoteValue(value);
}
