using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace TaskFlow.Schema.Dialects.PostgreSql;

/// <summary>
/// Capture on PostgreSQL (the rollback direction): one PL/pgSQL function per table, fired AFTER INSERT/UPDATE/DELETE
/// for each row, inserts the key into <c>taskflow_sync_changes</c> in the writer's transaction. PostgreSQL runs
/// foreign-key cascades as ordinary statements, so rows a cascade deletes or sets NULL fire these triggers too.
/// </summary>
internal sealed class PostgreSqlChangeCapture : IChangeCapture
{
    private const string CreateChanges = """
        CREATE TABLE IF NOT EXISTS taskflow_sync_changes (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            table_name text NOT NULL,
            row_key text NOT NULL,
            old_key text,
            changed_at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE TABLE IF NOT EXISTS taskflow_sync_capture (
            id int PRIMARY KEY,
            peer text NOT NULL,
            installed_at timestamptz NOT NULL DEFAULT now());
        """;

    public async Task InstallAsync(DbConnection connection, IReadOnlyList<(string Table, string Key)> tables, string peer, CancellationToken cancellationToken)
    {
        var pg = (NpgsqlConnection)connection;
        await using var tx = await pg.BeginTransactionAsync(cancellationToken);
        await pg.ExecuteAsync(new CommandDefinition(CreateChanges, transaction: tx, cancellationToken: cancellationToken));
        await pg.ExecuteAsync(new CommandDefinition(
            "INSERT INTO taskflow_sync_capture (id, peer) VALUES (1, @peer) ON CONFLICT DO NOTHING", new { peer }, tx, cancellationToken: cancellationToken));
        var existing = (await TriggersAsync(pg, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var (table, key) in tables)
        {
            var name = "taskflow_sync_" + table;
            if (existing.Contains(name))
                continue;
            var k = Quote(key);
            var function = Quote(name);
            await pg.ExecuteAsync(new CommandDefinition($"""
                CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        INSERT INTO taskflow_sync_changes (table_name, row_key) VALUES (TG_TABLE_NAME, OLD.{k}::text);
                    ELSIF TG_OP = 'UPDATE' AND OLD.{k} IS DISTINCT FROM NEW.{k} THEN
                        INSERT INTO taskflow_sync_changes (table_name, row_key, old_key) VALUES (TG_TABLE_NAME, NEW.{k}::text, OLD.{k}::text);
                    ELSE
                        INSERT INTO taskflow_sync_changes (table_name, row_key) VALUES (TG_TABLE_NAME, NEW.{k}::text);
                    END IF;
                    RETURN NULL;
                END
                $body$;
                CREATE TRIGGER {function} AFTER INSERT OR UPDATE OR DELETE ON {Quote(table)} FOR EACH ROW EXECUTE FUNCTION {function}();
                """, transaction: tx, cancellationToken: cancellationToken));
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task RemoveAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var pg = (NpgsqlConnection)connection;
        await using var tx = await pg.BeginTransactionAsync(cancellationToken);
        var triggers = (await pg.QueryAsync<(string Trigger, string Table)>(new CommandDefinition("""
            SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgname LIKE 'taskflow\_sync\_%'
            """, transaction: tx, cancellationToken: cancellationToken))).ToList();
        foreach (var (trigger, table) in triggers)
            await pg.ExecuteAsync(new CommandDefinition($"DROP TRIGGER IF EXISTS {Quote(trigger)} ON {Quote(table)}", transaction: tx, cancellationToken: cancellationToken));
        var functions = await pg.QueryAsync<string>(new CommandDefinition("""
            SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema() AND p.proname LIKE 'taskflow\_sync\_%'
            """, transaction: tx, cancellationToken: cancellationToken));
        foreach (var function in functions)
            await pg.ExecuteAsync(new CommandDefinition($"DROP FUNCTION IF EXISTS {Quote(function)}()", transaction: tx, cancellationToken: cancellationToken));
        foreach (var table in await SyncTablesAsync(pg, cancellationToken))
            await pg.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {Quote(table)}", transaction: tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> SyncTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE 'taskflow\_sync\_%' ORDER BY c.relname
            """, cancellationToken: cancellationToken))).ToList();

    public async Task<InstalledCapture?> CaptureAsync(DbConnection connection, CancellationToken cancellationToken) =>
        !(await SyncTablesAsync(connection, cancellationToken)).Contains("taskflow_sync_capture") ? null
            : await connection.QuerySingleOrDefaultAsync<InstalledCapture>(new CommandDefinition(
                "SELECT peer AS \"Peer\", (extract(epoch FROM installed_at) * 1000000)::bigint::text AS \"Id\" FROM taskflow_sync_capture WHERE id = 1",
                cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<string>> TriggersAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgname LIKE 'taskflow\_sync\_%' ORDER BY t.tgname
            """, cancellationToken: cancellationToken))).ToList();

    public string Pending =>
        "SELECT COUNT(*), COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - MIN(changed_at))::float8, 0) FROM taskflow_sync_changes";

    public string ReadChanges => "SELECT id, table_name, row_key, old_key FROM taskflow_sync_changes ORDER BY id LIMIT @limit";

    public string DeleteChanges(IReadOnlyList<long> ids) =>
        $"DELETE FROM taskflow_sync_changes WHERE id IN ({string.Join(", ", ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";

    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tx = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY", transaction: tx, cancellationToken: cancellationToken));
        return tx;
    }

    public string CreateState => """
        CREATE TABLE IF NOT EXISTS taskflow_sync_state (
            id int PRIMARY KEY,
            source text NOT NULL,
            applied bigint NOT NULL DEFAULT 0,
            last_change_id bigint,
            last_applied_ms bigint,
            copied_ms bigint,
            cutover_ms bigint);
        CREATE TABLE IF NOT EXISTS taskflow_sync_keys (
            table_name text NOT NULL,
            row_key text NOT NULL,
            PRIMARY KEY (table_name, row_key));
        """ + "\n" + UpgradeState + ";";

    /// <summary>
    /// Brings bookkeeping of an earlier build up to date, silently (ADD COLUMN IF NOT EXISTS would print a notice every run):
    /// the keys' checked mark of the cut-over's check before writes stop, and the cut-over's window marks (since when MySQL
    /// is read-only, and the step the window is at) that outlive a killed cut-over.
    /// </summary>
    public const string UpgradeState = """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'taskflow_sync_keys'::regclass AND attname = 'checked' AND NOT attisdropped) THEN
            ALTER TABLE taskflow_sync_keys ADD COLUMN checked boolean NOT NULL DEFAULT false;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'taskflow_sync_state'::regclass AND attname = 'window_ms' AND NOT attisdropped) THEN
            ALTER TABLE taskflow_sync_state ADD COLUMN window_ms bigint, ADD COLUMN window_step text;
          END IF;
        END $$
        """;

    // A key applied again is no longer checked: the cut-over compares it again.
    public string RecordKeys(int count) =>
        $"INSERT INTO taskflow_sync_keys (table_name, row_key) VALUES {string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@table, @k{i})"))} " +
        "ON CONFLICT (table_name, row_key) DO UPDATE SET checked = false";

    public async Task<IReadOnlyList<(string Table, string Key)>> KeyedTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Table, string Key, int Columns)>(new CommandDefinition("""
            SELECT c.relname, (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = k.conkey[1]), cardinality(k.conkey)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND k.contype = 'p' AND c.relname <> 'taskflow_schema_history'
              AND c.relname NOT LIKE 'taskflow\_sync\_%' AND c.relname NOT LIKE 'taskflow\_copy\_%'
            ORDER BY c.relname
            """, cancellationToken: cancellationToken)))
        .Select(t => t.Columns == 1 ? (t.Table, t.Key) : throw new SchemaException($"Table {t.Table} needs a single-column primary key for sync."))
        .ToList();

    // set_updated_at would stamp every applied update with the apply's time instead of the source's value. DISABLE TRIGGER
    // USER leaves the foreign keys' internal triggers, and so the cascades the apply relies on, in place.
    public async Task PrepareTargetAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
            await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {Quote(table)} DISABLE TRIGGER USER", transaction: transaction, cancellationToken: cancellationToken));
    }

    public async Task RestoreTargetAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
            await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {Quote(table)} ENABLE TRIGGER USER", transaction: transaction, cancellationToken: cancellationToken));
    }

    public string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
