using System.Data.Common;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Sync;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>
/// PostgreSQL to MySQL (the rollback direction, after a cut-over): each value is selected from PostgreSQL in the form
/// MySQL's column takes (booleans as 0/1, text[] as a JSON array, timestamps as UTC text) and inserted into a temporary
/// table made <c>LIKE</c> the table, so MySQL itself says, row by row, what it cannot store (a text longer than its
/// column, a timestamp outside TIMESTAMP's range, JSON nested deeper than it accepts, a value its collation finds equal to
/// another's): such a row follows --on-error like a bad row of the copy. The session is strict, so nothing is truncated.
/// The staged rows are then written with <c>UPDATE … JOIN</c> and <c>INSERT … SELECT</c>, every column assigned, so
/// MySQL's ON UPDATE CURRENT_TIMESTAMP keeps the value PostgreSQL holds. (<c>INSERT … ON DUPLICATE KEY UPDATE</c> is not
/// used: a row that collides on any unique index, not only the key, would overwrite the other row.) Quarantined rows are
/// recorded in <c>taskflow_sync_quarantine</c>.
/// </summary>
/// <remarks>
/// MySQL's TIMESTAMP columns of this schema hold whole seconds: the fraction of a timestamp written on PostgreSQL is cut
/// (as MariaDB does on insert). That is the one value the way back does not keep exactly.
/// </remarks>
internal sealed class MySqlChangeApplier(IChangeCapture source, IChangeCapture target, IReadOnlyList<SyncTable> tables, ErrorPolicy policy)
    : ChangeApplier(source, target, tables, policy)
{
    private const int RowsPerInsert = 200;

    // Strict for every table: a value MySQL cannot store is an error, never truncated or turned into a zero date. The
    // modes exist in MySQL 8.0 and MariaDB alike.
    private const string StrictSession =
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

    private readonly Dictionary<string, IReadOnlyDictionary<string, MySqlColumn>> _columns = new(StringComparer.Ordinal);

    public override async Task<IReadOnlyList<BadValue>> QuarantineAsync(DbConnection target, CancellationToken ct) =>
        (await target.QueryAsync<BadValue>(new CommandDefinition(
            "SELECT table_name AS `Table`, row_key AS `Key`, column_name AS `Column`, reason AS `Reason`, value AS `Value` FROM `taskflow_sync_quarantine` ORDER BY id",
            cancellationToken: ct))).ToList();

    protected override Task BeginBatchAsync(DbConnection target, CancellationToken ct) =>
        target.ExecuteAsync(new CommandDefinition(StrictSession, cancellationToken: ct));

    protected override async Task<HashSet<string>> StageAsync(DbConnection sourceConnection, DbTransaction snapshot, DbConnection targetConnection,
        DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var rows = await ReadAsync((NpgsqlConnection)sourceConnection, (NpgsqlTransaction)snapshot, table, keys, ct);
        var my = (MySqlConnection)targetConnection;
        var myTx = (MySqlTransaction)tx;
        // CREATE/DROP TEMPORARY TABLE do not commit the transaction (other DDL would).
        await my.ExecuteAsync(new CommandDefinition(
            $"DROP TEMPORARY TABLE IF EXISTS {Stage(table)}; CREATE TEMPORARY TABLE {Stage(table)} LIKE {Q(table.Name)}", transaction: myTx, cancellationToken: ct));
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in rows.Chunk(RowsPerInsert))
        {
            try
            {
                await InsertAsync(my, myTx, table, chunk, ct);
            }
            catch (MySqlException e) when (MySqlRefusal.IsRefusal(e))
            {
                // A statement that fails leaves the transaction as it was: the rows go in one by one, and those MySQL refuses are named.
                foreach (var row in chunk)
                {
                    try
                    {
                        await InsertAsync(my, myTx, table, [row], ct);
                    }
                    catch (MySqlException refused) when (MySqlRefusal.IsRefusal(refused))
                    {
                        Reject(MySqlRefusal.Describe(table, row, refused, await ColumnsAsync(my, myTx, table, ct)));
                        continue;
                    }
                    found.Add(Key(table, row));
                }
                continue;
            }
            found.UnionWith(chunk.Select(r => Key(table, r)));
        }
        return found;
    }

    protected override Task MoveKeyAsync(DbConnection target, DbTransaction tx, SyncTable table, string oldKey, string newKey, CancellationToken ct) =>
        target.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(table.Name)} SET {Q(table.Plan.Key)} = @newKey WHERE {Q(table.Plan.Key)} = @oldKey " +
            $"AND NOT EXISTS (SELECT 1 FROM (SELECT {Q(table.Plan.Key)} FROM {Q(table.Name)} WHERE {Q(table.Plan.Key)} = @newKey) AS taken)",
            new { oldKey, newKey }, tx, cancellationToken: ct));

    protected override async Task DeleteAsync(DbConnection target, DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct)
    {
        foreach (var chunk in keys.Chunk(500))
            await target.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {Q(table.Name)} WHERE {Q(table.Plan.Key)} IN ({In(chunk.Length)})", Keys(chunk), tx, cancellationToken: ct));
    }

    protected override async Task UpsertAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct)
    {
        var plan = table.Plan;
        var key = Q(plan.Key);
        var others = plan.Columns.Where(c => c.Name != plan.Key).ToList();
        if (others.Count > 0)
            await target.ExecuteAsync(new CommandDefinition(
                UpdateFromStage(table, others.Select(c => (c.Name, "s." + Q(c.Name))), "TRUE"), transaction: tx, cancellationToken: ct));
        await target.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Q(plan.Name)} ({string.Join(", ", plan.Columns.Select(c => Q(c.Name)))}) " +
            $"SELECT {string.Join(", ", plan.Columns.Select(c => "s." + Q(c.Name)))} FROM {Stage(table)} AS s " +
            $"LEFT JOIN {Q(plan.Name)} AS t ON t.{key} = s.{key} WHERE t.{key} IS NULL ORDER BY s.{key}",
            transaction: tx, cancellationToken: ct));
    }

    protected override async Task RecordQuarantineAsync(DbConnection target, DbTransaction tx, IReadOnlyList<(string Table, string Key)> release,
        IReadOnlyList<BadValue> bad, CancellationToken ct)
    {
        foreach (var group in release.GroupBy(r => r.Table))
        {
            foreach (var chunk in group.Select(r => r.Key).Chunk(500))
            {
                var parameters = Keys(chunk);
                parameters.Add("table", group.Key);
                await target.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM `taskflow_sync_quarantine` WHERE table_name = @table AND row_key IN ({In(chunk.Length)})", parameters, tx, cancellationToken: ct));
            }
        }
        foreach (var row in bad)
            await target.ExecuteAsync(new CommandDefinition(
                "INSERT INTO `taskflow_sync_quarantine` (table_name, row_key, column_name, reason, value) VALUES (@Table, @Key, @Column, @Reason, @Value)",
                row, tx, cancellationToken: ct));
    }

    protected override string Quote(string name) => Q(name);

    protected override string AsText(string expression) => $"CAST({expression} AS CHAR)";

    protected override string Differs(string left, string right) => $"NOT ({left} <=> {right})";

    protected override string UpdateFromStage(SyncTable table, IEnumerable<(string Column, string Value)> set, string condition) =>
        $"UPDATE {Q(table.Name)} AS t JOIN {Stage(table)} AS s ON t.{Q(table.Plan.Key)} = s.{Q(table.Plan.Key)} " +
        $"SET {string.Join(", ", set.Select(s => $"t.{Q(s.Column)} = {s.Value}"))} WHERE {condition}";

    protected override string DeleteStaged(SyncTable table, string condition) =>
        $"DELETE t FROM {Q(table.Name)} AS t JOIN {Stage(table)} AS s ON t.{Q(table.Plan.Key)} = s.{Q(table.Plan.Key)} WHERE {condition}";

    // The current rows of the keys in the snapshot, each value in the form MySQL's column takes.
    private static async Task<List<object?[]>> ReadAsync(NpgsqlConnection pg, NpgsqlTransaction snapshot, SyncTable table, IReadOnlyList<string> keys,
        CancellationToken ct)
    {
        var plan = table.Plan;
        await using var select = new NpgsqlCommand(
            $"SELECT {string.Join(", ", plan.Columns.Select(Expression))} FROM {TargetDatabase.Quote(plan.Name)} " +
            $"WHERE {TargetDatabase.Quote(plan.Key)} = ANY(CAST(@keys AS {table.KeyType}[]))", pg, snapshot);
        select.Parameters.AddWithValue("keys", keys.ToArray());
        var rows = new List<object?[]>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[plan.Columns.Count];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private async Task InsertAsync(MySqlConnection my, MySqlTransaction tx, SyncTable table, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        await using var insert = new MySqlCommand { Connection = my, Transaction = tx };
        var values = new List<string>();
        for (var r = 0; r < rows.Count; r++)
        {
            var names = new List<string>();
            for (var c = 0; c < rows[r].Length; c++)
            {
                var name = $"@v{r}_{c}";
                insert.Parameters.AddWithValue(name, rows[r][c] ?? DBNull.Value);
                names.Add(name);
            }
            values.Add("(" + string.Join(", ", names) + ")");
        }
        insert.CommandText = $"INSERT INTO {Stage(table)} ({string.Join(", ", table.Plan.Columns.Select(c => Q(c.Name)))}) " +
            $"VALUES {string.Join(", ", values)}";
        await insert.ExecuteNonQueryAsync(ct);
    }

    // The target's own column types, for the messages about values it refuses (read once per table, when one is refused).
    private async Task<IReadOnlyDictionary<string, MySqlColumn>> ColumnsAsync(MySqlConnection my, MySqlTransaction tx, SyncTable table, CancellationToken ct)
    {
        if (!_columns.TryGetValue(table.Name, out var columns))
            _columns[table.Name] = columns = (await my.QueryAsync<MySqlColumn>(new CommandDefinition(
                    "SELECT column_name AS Name, column_type AS Type, character_maximum_length AS MaxCharacters, character_octet_length AS MaxBytes " +
                    "FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = @table",
                    new { table = table.Name }, tx, cancellationToken: ct)))
                .ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        return columns;
    }

    private static string Key(SyncTable table, object?[] row) => Convert.ToString(row[table.Plan.KeyOrdinal], System.Globalization.CultureInfo.InvariantCulture)!;

    private static string In(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "@k" + i));

    private static DynamicParameters Keys(IReadOnlyList<string> keys)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < keys.Count; i++)
            parameters.Add("k" + i, keys[i]);
        return parameters;
    }

    // The value as MySQL's column of the same name takes it. Dates and timestamps outside the years 1 to 9999 (BC, year
    // 10000, infinity) are sent as PostgreSQL prints them, which MySQL refuses: never NULL or another date in their place.
    private static string Expression(TargetColumn column)
    {
        var c = TargetDatabase.Quote(column.Name);
        return column switch
        {
            { IsEnum: true } => c + "::text",
            { TypeName: "bool" } => $"CASE WHEN {c} THEN 1 WHEN NOT {c} THEN 0 END",
            { TypeName: "int2" or "int4" or "int8" } => c,
            { TypeName: "timestamptz" } => $"CASE WHEN {c} >= '0001-01-01 00:00:00+00' AND {c} < '10000-01-01 00:00:00+00' " +
                $"THEN to_char(date_trunc('second', {c} AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24:MI:SS') ELSE {c}::text END",
            { TypeName: "timestamp" } => $"CASE WHEN {c} >= '0001-01-01 00:00:00' AND {c} < '10000-01-01 00:00:00' " +
                $"THEN to_char(date_trunc('second', {c}), 'YYYY-MM-DD HH24:MI:SS') ELSE {c}::text END",
            { TypeName: "date" } => $"CASE WHEN {c} BETWEEN '0001-01-01' AND '9999-12-31' THEN to_char({c}, 'YYYY-MM-DD') ELSE {c}::text END",
            { TypeName: "_text" or "_varchar" } => $"to_json({c})::text",
            _ => c + "::text",
        };
    }

    private static string Q(string name) => SourceDatabase.Quote(name);
}
