using System.Data.Common;
using TaskFlow.Schema.Connections;

namespace TaskFlow.Schema.Dialects;

/// <summary>
/// What the runner needs from a live engine: connections, the history table, and a session lock.
/// Every statement text here is the engine's own; shared algorithms call back through this.
/// </summary>
public interface IDatabaseDriver
{
    /// <summary>The engine.</summary>
    DatabaseEngine Engine { get; }

    /// <summary>The engine's name in output and the folder of its committed scripts (<c>postgresql</c>, <c>mysql</c>).</summary>
    string Name { get; }

    /// <summary>The names <c>--engine</c> accepts for it, the one to suggest first.</summary>
    IReadOnlyList<string> EngineNames { get; }

    /// <summary>The URL schemes that mean this engine, lower case, without <c>://</c>.</summary>
    IReadOnlyList<string> UrlSchemes { get; }

    /// <summary>The connection a URL of one of <see cref="UrlSchemes"/> describes (query options included).</summary>
    ConnectionTarget FromUrl(ConnectionUrl url);

    /// <summary>The connection a plain ADO.NET connection string describes; throws <see cref="ArgumentException"/> when it is not one.</summary>
    ConnectionTarget FromAdo(string connectionString);

    /// <summary><paramref name="target"/>'s server with another database.</summary>
    ConnectionTarget WithDatabase(ConnectionTarget target, string database);

    /// <summary>One line saying what went wrong and what to fix, for errors of this engine that have a known cause; null otherwise.</summary>
    string? Describe(DbException error);

    /// <summary>Whether DDL takes part in transactions (PostgreSQL yes, MySQL no).</summary>
    bool TransactionalDdl { get; }

    /// <summary>
    /// Whether a statement with these leading keywords (<see cref="Running.StatementText.LeadingKeywords"/>; none for a
    /// comment-only statement) can run in one transaction with the history row's progress update, so that after a crash
    /// both happened or neither did. Statements that cannot (MySQL's DDL commits by itself) are judged from the live schema.
    /// </summary>
    bool SharesTransaction(IReadOnlyList<string> keywords);

    /// <summary>Opens a connection and prepares the session (UTC, UTF-8), reporting server warnings to <paramref name="warn"/>.</summary>
    Task<DbConnection> OpenAsync(ConnectionTarget target, Action<string>? warn, CancellationToken cancellationToken);

    /// <summary>Creates the history table when it does not exist.</summary>
    string CreateHistoryTable { get; }

    /// <summary>The history row of a migration applied by a script, as literal SQL.</summary>
    string ScriptHistoryInsert(long version, string description, string checksum, string toolVersion);

    /// <summary>Inserts or replaces a history row; parameters @version, @description, @state, @checksum, @duration_ms, @tool_version, @failed_statement, @error.</summary>
    string UpsertHistory { get; }

    /// <summary>Selects the history rows ordered by version.</summary>
    string SelectHistory { get; }

    /// <summary>Whether the history table exists in the current database.</summary>
    string HistoryTableExists { get; }

    /// <summary>Tries to take the session lock of <paramref name="key"/> once, without waiting long.</summary>
    Task<bool> TryLockAsync(DbConnection connection, string key, CancellationToken cancellationToken);

    /// <summary>Releases the session lock of <paramref name="key"/>.</summary>
    Task UnlockAsync(DbConnection connection, string key, CancellationToken cancellationToken);

    /// <summary>The statement <see cref="TryLockAsync"/> runs, with its argument inlined (shown by <c>up --dry-run</c>).</summary>
    string LockStatement(string key);

    /// <summary>The statement <see cref="UnlockAsync"/> runs, with its argument inlined.</summary>
    string UnlockStatement(string key);

    /// <summary>The database to connect to when the target database may not exist yet ("" = none).</summary>
    string MaintenanceDatabase { get; }

    /// <summary>Lists the names of the databases on the server.</summary>
    string ListDatabases { get; }

    /// <summary>Counts the databases named @name on the server.</summary>
    string DatabaseExists { get; }

    /// <summary>Creates a database on the server (tests and data copy targets).</summary>
    string CreateDatabase(string name, string? defaults = null);

    /// <summary>
    /// What new tables of the connection's database take (MySQL: its character set and collation, as a clause of
    /// <see cref="CreateDatabase"/>), so that a shadow database can take the same; null where the engine has none.
    /// </summary>
    Task<string?> DatabaseDefaultsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Refuses, naming what to change, a database whose defaults the migrations' tables would take and TaskFlow cannot use.</summary>
    Task RefuseUnusableDefaultsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="error"/> says the database to create exists already (another process created it first).</summary>
    bool IsDuplicateDatabase(DbException error);

    /// <summary>Drops a database if it exists.</summary>
    string DropDatabase(string name);
}
