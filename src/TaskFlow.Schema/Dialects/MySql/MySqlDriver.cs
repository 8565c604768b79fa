using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using MySqlConnector;
using TaskFlow.Schema.Connections;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>MySQL and MariaDB through MySqlConnector: DDL auto-commits, GET_LOCK for the session lock.</summary>
public sealed class MySqlDriver : IDatabaseDriver
{
    /// <inheritdoc/>
    public DatabaseEngine Engine => DatabaseEngine.MySql;

    /// <inheritdoc/>
    public bool TransactionalDdl => false;

    /// <inheritdoc/>
    public string Name => "mysql";

    /// <inheritdoc/>
    public IReadOnlyList<string> EngineNames { get; } = ["mysql", "mariadb"];

    /// <inheritdoc/>
    public IReadOnlyList<string> UrlSchemes { get; } = ["mysql", "mysql+aiomysql", "mysql+pymysql", "mysql+asyncmy", "mariadb", "mariadb+aiomysql"];

    /// <inheritdoc/>
    public ConnectionTarget FromUrl(ConnectionUrl url)
    {
        var b = new MySqlConnectionStringBuilder
        {
            Server = url.Host,
            Port = (uint)(url.Port ?? 3306),
            UserID = url.User,
            Database = url.Database,
            CharacterSet = "utf8mb4",
            AllowUserVariables = true,
        };
        if (url.Password is not null)
            b.Password = url.Password;
        if (url.Query.TryGetValue("ssl-mode", out var mode) || url.Query.TryGetValue("ssl_mode", out mode))
            b.SslMode = Enum.TryParse<MySqlSslMode>(mode.Replace("_", ""), ignoreCase: true, out var parsed)
                ? parsed
                : throw new SchemaException($"Unknown ssl-mode '{mode}' in the database URL.");
        // Oracle MySQL's caching_sha2_password sends the password over TLS, or, without it, encrypted with the server's RSA key.
        if (url.Query.TryGetValue("get-server-public-key", out var fetch) || url.Query.TryGetValue("allow-public-key-retrieval", out fetch))
            b.AllowPublicKeyRetrieval = bool.TryParse(fetch, out var allow)
                ? allow
                : throw new SchemaException($"get-server-public-key must be true or false in the database URL, not '{fetch}'.");
        return Target(b);
    }

    /// <inheritdoc/>
    public ConnectionTarget FromAdo(string connectionString) => Target(new MySqlConnectionStringBuilder(connectionString));

    /// <inheritdoc/>
    public ConnectionTarget WithDatabase(ConnectionTarget target, string database) =>
        Target(new MySqlConnectionStringBuilder(target.ConnectionString) { Database = database });

    /// <inheritdoc/>
    public string? Describe(DbException error) => error switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.AccessDenied } my =>
            $"MySQL rejected the login: {Sentences.Of(my.Message)} Check the user name and password in the connection URL.",
        MySqlException { ErrorCode: MySqlErrorCode.UnknownDatabase } my => $"{Sentences.Of(my.Message)} Create the database first, or fix its name in the URL.",
        MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } my =>
            $"Cannot reach the MySQL server: {Sentences.Of(my.Message)} Check host and port, and that the server is running.",
        // ER_BINLOG_CREATE_ROUTINE_NEED_SUPER: with the binary log on, a trigger's creator needs SUPER unless creators are trusted.
        MySqlException { Number: 1419 } =>
            "MySQL refuses to create the capture's triggers: with the binary log on, their creator needs SUPER, or an administrator " +
            "runs SET GLOBAL log_bin_trust_function_creators = ON (and sets it in the server's configuration).",
        // ER_FK_NO_UNIQUE_INDEX_PARENT (8.4+): the server's message names the constraint and the parent table.
        MySqlException { Number: 6125 } my =>
            $"MySQL refuses the foreign key: {Sentences.Of(my.Message)} From MySQL 8.4 on a foreign key must reference the primary key or a " +
            "unique index of its parent: add a unique index on the referenced columns (or, as a stopgap, an administrator sets " +
            "restrict_fk_on_non_standard_key = OFF).",
        MySqlException my when my.Message.Contains("AllowPublicKeyRetrieval", StringComparison.Ordinal) =>
            "MySQL's caching_sha2_password login needs TLS or the server's public key: drop ?ssl-mode=disabled from the URL, " +
            "or add ?get-server-public-key=true to it.",
        _ => null,
    };

    private static ConnectionTarget Target(MySqlConnectionStringBuilder b) =>
        new(DatabaseEngine.MySql, b.ConnectionString,
            $"mysql://{(string.IsNullOrEmpty(b.UserID) ? "" : b.UserID + "@")}{b.Server}:{b.Port}/{b.Database}",
            b.Database ?? "");

    /// <inheritdoc/>
    /// <remarks>Only data changes are transactional in InnoDB; every DDL statement commits by itself.</remarks>
    public bool SharesTransaction(IReadOnlyList<string> keywords) => keywords.All(k => k is "INSERT" or "UPDATE" or "DELETE" or "REPLACE");

    /// <inheritdoc/>
    public async Task<DbConnection> OpenAsync(ConnectionTarget target, Action<string>? warn, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        OwnSessions.GetOrAdd(Endpoint(connection), _ => new()).TryAdd(connection.ServerThread, 0);
        // TIMESTAMP values are read and written in UTC whatever the server's zone is.
        await connection.ExecuteAsync(new CommandDefinition(
            "SET time_zone = '+00:00'", cancellationToken: cancellationToken));
        return connection;
    }

    // Every session this process opened, by server: the cut-over's check for other writers leaves them out.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentDictionary<int, byte>> OwnSessions = new();

    /// <summary>The server sessions (connection ids) this process opened on <paramref name="connection"/>'s server.</summary>
    internal static IReadOnlyCollection<int> SessionsOpenedHere(MySqlConnection connection) =>
        OwnSessions.TryGetValue(Endpoint(connection), out var ids) ? (IReadOnlyCollection<int>)ids.Keys : [];

    private static string Endpoint(MySqlConnection connection)
    {
        var builder = new MySqlConnectionStringBuilder(connection.ConnectionString);
        return $"{builder.Server}:{builder.Port}";
    }

    /// <inheritdoc/>
    public string CreateHistoryTable => $"""
        CREATE TABLE IF NOT EXISTS `{HistoryTable.Name}` (
            `version` BIGINT NOT NULL PRIMARY KEY,
            `description` VARCHAR(1024) NOT NULL,
            `state` VARCHAR(16) NOT NULL,
            `checksum` CHAR(64) NOT NULL,
            `applied_at` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
            `duration_ms` BIGINT NULL,
            `applied_by` VARCHAR(256) NOT NULL,
            `tool_version` VARCHAR(64) NOT NULL,
            `failed_statement` TEXT NULL,
            `error` TEXT NULL
        ) ENGINE = INNODB;
        """;

    /// <inheritdoc/>
    public string ScriptHistoryInsert(long version, string description, string checksum, string toolVersion) =>
        $"INSERT INTO `{HistoryTable.Name}` (`version`, `description`, `state`, `checksum`, `applied_by`, `tool_version`) " +
        $"VALUES ({version}, {Literal(description)}, '{HistoryTable.Applied}', '{checksum}', USER(), {Literal(toolVersion)});";

    /// <inheritdoc/>
    public string UpsertHistory => $"""
        INSERT INTO `{HistoryTable.Name}` (version, description, state, checksum, applied_at, duration_ms, applied_by, tool_version, failed_statement, error)
        VALUES (@version, @description, @state, @checksum, CURRENT_TIMESTAMP(6), @duration_ms, USER(), @tool_version, @failed_statement, @error)
        ON DUPLICATE KEY UPDATE description = VALUES(description), state = VALUES(state), checksum = VALUES(checksum),
            applied_at = VALUES(applied_at), duration_ms = VALUES(duration_ms), applied_by = VALUES(applied_by),
            tool_version = VALUES(tool_version), failed_statement = VALUES(failed_statement), error = VALUES(error)
        """;

    /// <inheritdoc/>
    public string SelectHistory =>
        $"SELECT version, description, state, checksum, applied_at AS AppliedAt, duration_ms AS DurationMs, applied_by AS AppliedBy, tool_version AS ToolVersion, failed_statement AS FailedStatement, error FROM `{HistoryTable.Name}` ORDER BY version";

    /// <inheritdoc/>
    public string HistoryTableExists =>
        $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{HistoryTable.Name}'";

    /// <inheritdoc/>
    public async Task<bool> TryLockAsync(DbConnection connection, string key, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT GET_LOCK(@key, 1)", new { key = LockName(key) }, cancellationToken: cancellationToken)) == 1;

    /// <inheritdoc/>
    public async Task UnlockAsync(DbConnection connection, string key, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT RELEASE_LOCK(@key)", new { key = LockName(key) }, cancellationToken: cancellationToken));

    /// <inheritdoc/>
    public string LockStatement(string key) => $"SELECT GET_LOCK({Literal(LockName(key))}, 1);";

    /// <inheritdoc/>
    public string UnlockStatement(string key) => $"SELECT RELEASE_LOCK({Literal(LockName(key))});";

    /// <inheritdoc/>
    public string MaintenanceDatabase => "";

    /// <inheritdoc/>
    public string ListDatabases => "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA";

    /// <inheritdoc/>
    public string DatabaseExists => "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @name";

    /// <inheritdoc/>
    public string CreateDatabase(string name, string? defaults = null) => $"CREATE DATABASE `{name}` {defaults ?? "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"}";

    /// <inheritdoc/>
    public async Task<string?> DatabaseDefaultsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var (charset, collation) = await DefaultsAsync(connection, cancellationToken);
        return $"CHARACTER SET {charset} COLLATE {collation}";
    }

    /// <inheritdoc/>
    public async Task RefuseUnusableDefaultsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var (charset, collation) = await DefaultsAsync(connection, cancellationToken);
        if (charset != "utf8mb4")
            throw new SchemaException(
                $"Database {connection.Database} has the default character set {charset} ({collation}): the migrations create their tables in the " +
                $"database's character set and collation, and TaskFlow's text needs utf8mb4. Change what later tables take, without touching existing " +
                $"ones: ALTER DATABASE `{connection.Database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci (MariaDB: utf8mb4_unicode_ci).");
    }

    private static async Task<(string Charset, string Collation)> DefaultsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new SchemaException("The connection has no current database.");
        return (reader.GetString(0), reader.GetString(1));
    }

    /// <inheritdoc/>
    public bool IsDuplicateDatabase(DbException error) => error is MySqlException { ErrorCode: MySqlErrorCode.DatabaseCreateExists };

    /// <inheritdoc/>
    public string DropDatabase(string name) => $"DROP DATABASE IF EXISTS `{name}`";

    // GET_LOCK names are limited to 64 characters: keep a readable prefix and a hash of the rest.
    internal static string LockName(string key) =>
        key.Length <= 64 ? key : key[..40] + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];

    private static readonly FluentMigrator.Runner.Generators.MySql.MySqlQuoter Quoter = new();

    private static string Literal(string value) => Quoter.QuoteValue(value);
}
