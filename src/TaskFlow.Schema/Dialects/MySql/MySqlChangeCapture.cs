using System.Data;
using System.Data.Common;
using Dapper;
using MySqlConnector;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>
/// Capture on MySQL/MariaDB: AFTER INSERT/UPDATE/DELETE triggers per table insert the changed row's key (both keys
/// for a primary-key update) into <c>taskflow_sync_changes</c>, in the writer's own transaction, so a change is
/// recorded exactly when it commits. Rows changed by ON DELETE CASCADE / SET NULL fire no trigger here; the target's
/// identical foreign-key actions reproduce them when the parent's delete is applied.
/// </summary>
internal sealed class MySqlChangeCapture : IChangeCapture
{
    public const string TriggerPrefix = "taskflow_sync_";

    private const string CreateChanges = """
        CREATE TABLE IF NOT EXISTS `taskflow_sync_changes` (
            `id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            `table_name` VARCHAR(64) NOT NULL,
            `row_key` VARCHAR(255) NOT NULL,
            `old_key` VARCHAR(255) NULL,
            `changed_at` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
        CREATE TABLE IF NOT EXISTS `taskflow_sync_capture` (
            `id` INT NOT NULL PRIMARY KEY,
            `peer` VARCHAR(512) NOT NULL,
            `installed_at` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
        """;

    public async Task InstallAsync(DbConnection connection, IReadOnlyList<(string Table, string Key)> tables, string peer, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(CreateChanges, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT IGNORE INTO `taskflow_sync_capture` (id, peer) VALUES (1, @peer)", new { peer }, cancellationToken: cancellationToken));
        var existing = (await TriggersAsync(connection, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var (table, key) in tables)
        {
            var t = Quote(table);
            var k = Quote(key);
            var name = Literal(table);
            var bodies = new Dictionary<string, string>
            {
                ["ai"] = $"AFTER INSERT ON {t} FOR EACH ROW INSERT INTO `taskflow_sync_changes` (table_name, row_key) VALUES ({name}, CAST(NEW.{k} AS CHAR))",
                // A key update records the new key with the old one, so the target can move the row (and what references it).
                ["au"] = $"AFTER UPDATE ON {t} FOR EACH ROW INSERT INTO `taskflow_sync_changes` (table_name, row_key, old_key) " +
                         $"VALUES ({name}, CAST(NEW.{k} AS CHAR), IF(OLD.{k} <=> NEW.{k}, NULL, CAST(OLD.{k} AS CHAR)))",
                ["ad"] = $"AFTER DELETE ON {t} FOR EACH ROW INSERT INTO `taskflow_sync_changes` (table_name, row_key) VALUES ({name}, CAST(OLD.{k} AS CHAR))",
            };
            foreach (var (suffix, body) in bodies)
            {
                var trigger = TriggerName(table, suffix);
                if (!existing.Contains(trigger))
                    await connection.ExecuteAsync(new CommandDefinition($"CREATE TRIGGER {Quote(trigger)} {body}", cancellationToken: cancellationToken));
            }
        }
    }

    public async Task RemoveAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        foreach (var trigger in await TriggersAsync(connection, cancellationToken))
            await connection.ExecuteAsync(new CommandDefinition($"DROP TRIGGER IF EXISTS {Quote(trigger)}", cancellationToken: cancellationToken));
        foreach (var table in await SyncTablesAsync(connection, cancellationToken))
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {Quote(table)}", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<string>> SyncTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'taskflow\\_sync\\_%' ORDER BY table_name",
            cancellationToken: cancellationToken))).ToList();

    public async Task<InstalledCapture?> CaptureAsync(DbConnection connection, CancellationToken cancellationToken) =>
        !(await SyncTablesAsync(connection, cancellationToken)).Contains("taskflow_sync_capture") ? null
            : await connection.QuerySingleOrDefaultAsync<InstalledCapture>(new CommandDefinition(
                "SELECT peer AS Peer, CAST(CAST(UNIX_TIMESTAMP(installed_at) * 1000000 AS SIGNED) AS CHAR) AS Id FROM `taskflow_sync_capture` WHERE id = 1",
                cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<string>> TriggersAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name LIKE 'taskflow\\_sync\\_%' ORDER BY trigger_name",
            cancellationToken: cancellationToken))).ToList();

    public string Pending =>
        "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(changed_at), CURRENT_TIMESTAMP(6)) / 1e6, 0) FROM `taskflow_sync_changes`";

    public string ReadChanges => "SELECT id, table_name, row_key, old_key FROM `taskflow_sync_changes` ORDER BY id LIMIT @limit";

    public string DeleteChanges(IReadOnlyList<long> ids) =>
        $"DELETE FROM `taskflow_sync_changes` WHERE id IN ({string.Join(", ", ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";

    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var my = (MySqlConnection)connection;
        await my.ExecuteAsync(new CommandDefinition("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", cancellationToken: cancellationToken));
        // WITH CONSISTENT SNAPSHOT: the snapshot is taken now, not at the first read, so the change rows and the rows they name agree.
        return await my.BeginTransactionAsync(IsolationLevel.Snapshot, isReadOnly: true, cancellationToken);
    }

    public string CreateState => """
        CREATE TABLE IF NOT EXISTS `taskflow_sync_state` (
            `id` INT NOT NULL PRIMARY KEY,
            `source` VARCHAR(512) NOT NULL,
            `applied` BIGINT NOT NULL DEFAULT 0,
            `last_change_id` BIGINT NULL,
            `last_applied_ms` BIGINT NULL,
            `copied_ms` BIGINT NULL,
            `cutover_ms` BIGINT NULL
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
        CREATE TABLE IF NOT EXISTS `taskflow_sync_keys` (
            `table_name` VARCHAR(64) NOT NULL,
            `row_key` VARCHAR(255) NOT NULL,
            PRIMARY KEY (`table_name`, `row_key`)
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
        CREATE TABLE IF NOT EXISTS `taskflow_sync_quarantine` (
            `id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            `table_name` VARCHAR(64) NOT NULL,
            `row_key` VARCHAR(255) NOT NULL,
            `column_name` VARCHAR(255) NOT NULL,
            `reason` TEXT NOT NULL,
            `value` TEXT NULL,
            KEY `ix_taskflow_sync_quarantine_row` (`table_name`, `row_key`)
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
        """;

    public string RecordKeys(int count) =>
        $"INSERT IGNORE INTO `taskflow_sync_keys` (table_name, row_key) VALUES {string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@table, @k{i})"))}";

    public async Task<IReadOnlyList<(string Table, string Key)>> KeyedTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Table, string Key, long Columns)>(new CommandDefinition("""
            SELECT k.table_name, MIN(k.column_name), COUNT(*) FROM information_schema.key_column_usage k
            WHERE k.table_schema = DATABASE() AND k.constraint_name = 'PRIMARY'
              AND k.table_name <> 'taskflow_schema_history' AND k.table_name NOT LIKE 'taskflow\_sync\_%' AND k.table_name NOT LIKE 'taskflow\_copy\_%'
            GROUP BY k.table_name ORDER BY k.table_name
            """, cancellationToken: cancellationToken)))
        .Select(t => t.Columns == 1 ? (t.Table, t.Key) : throw new SchemaException($"Table {t.Table} needs a single-column primary key for sync."))
        .ToList();

    // MySQL's own ON UPDATE CURRENT_TIMESTAMP leaves a column that is assigned explicitly alone, and the apply assigns every column.
    public Task PrepareTargetAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> tables, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task RestoreTargetAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<string> tables, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public string Quote(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>Makes the whole server read-only for users without the right to write through it.</summary>
    public const string SetReadOnly = "SET GLOBAL read_only = ON";

    /// <summary>Sets read_only to what it is: needs the same right as <see cref="SetReadOnly"/>, and changes nothing.</summary>
    public const string ProbeReadOnly = "SET GLOBAL read_only = @@GLOBAL.read_only";

    /// <summary>What an operator runs to undo <see cref="SetReadOnly"/>.</summary>
    public const string UnsetReadOnly = "SET GLOBAL read_only = OFF";

    /// <summary>
    /// The other sessions in this database (or in none) whose account may write under read_only (SUPER, CONNECTION_ADMIN
    /// or READ_ONLY ADMIN), one description each; this process's own sessions and the server's threads are left out. It sees what the
    /// user may see: every session with PROCESS, else its own account's; every account's rights with SELECT on mysql,
    /// else its own. The commonest case, the application sharing the cut-over's account, is seen either way.
    /// </summary>
    public static async Task<List<string>> WritersUnderReadOnlyAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var rights = string.Join(", ", MySqlFlavor.Of(connection).WriteUnderReadOnly.Select(r => Literal(r)));
        var own = MySqlDriver.SessionsOpenedHere(connection).ToHashSet();
        var sessions = await connection.QueryAsync<(long Id, string User, string Host, string? Db, string Command, long Time)>(new CommandDefinition($"""
            SELECT CAST(p.ID AS SIGNED), p.USER, p.HOST, p.DB, p.COMMAND, CAST(p.TIME AS SIGNED) FROM information_schema.PROCESSLIST p
            WHERE p.ID <> CONNECTION_ID() AND p.COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Killed')
              AND p.USER NOT IN ('system user', 'event_scheduler', 'unauthenticated user')
              AND (p.DB = DATABASE() OR p.DB IS NULL)
              AND EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES u
                          WHERE u.PRIVILEGE_TYPE IN ({rights}) AND SUBSTRING_INDEX(u.GRANTEE, '@', 1) = CONCAT(CHAR(39), p.USER, CHAR(39)))
            ORDER BY p.ID
            """, cancellationToken: cancellationToken));
        return sessions.Where(s => !own.Contains((int)s.Id))
            .Select(s => $"session {s.Id} {s.User}@{s.Host} ({s.Command} {s.Time} s{(s.Db is null ? "" : $", database {s.Db}")})").ToList();
    }

    public static string TriggerName(string table, string suffix) => $"{TriggerPrefix}{table}_{suffix}";

    private static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
