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
/// table made <c>LIKE</c> the table; the staged rows are then written with <c>UPDATE … JOIN</c> and <c>INSERT … SELECT</c>,
/// every column assigned, so MySQL's ON UPDATE CURRENT_TIMESTAMP keeps the value PostgreSQL holds.
/// (<c>INSERT … ON DUPLICATE KEY UPDATE</c> is not used: a row that collides on any unique index, not only the key, would
/// overwrite the other row.)
/// </summary>
/// <remarks>
/// MySQL's TIMESTAMP columns of this schema hold whole seconds: the fraction of a timestamp written on PostgreSQL is cut
/// (as MariaDB does on insert). That is the one value the way back does not keep exactly.
/// </remarks>
internal sealed class MySqlChangeApplier(IChangeCapture source, IChangeCapture target, IReadOnlyList<SyncTable> tables, ErrorPolicy policy)
    : ChangeApplier(source, target, tables, policy)
{
    private const int RowsPerInsert = 200;

    public override Task<IReadOnlyList<BadValue>> QuarantineAsync(DbConnection target, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<BadValue>>([]);

    protected override async Task<HashSet<string>> StageAsync(DbConnection sourceConnection, DbTransaction snapshot, DbConnection targetConnection,
        DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var rows = await ReadAsync((NpgsqlConnection)sourceConnection, (NpgsqlTransaction)snapshot, table, keys, ct);
        var my = (MySqlConnection)targetConnection;
        var myTx = (MySqlTransaction)tx;
        // CREATE/DROP TEMPORARY TABLE do not commit the transaction (other DDL would).
        await my.ExecuteAsync(new CommandDefinition(
            $"DROP TEMPORARY TABLE IF EXISTS {Stage(table)}; CREATE TEMPORARY TABLE {Stage(table)} LIKE {Q(table.Name)}", transaction: myTx, cancellationToken: ct));
        foreach (var chunk in rows.Chunk(RowsPerInsert))
            await InsertAsync(my, myTx, table, chunk, ct);
        return rows.Select(r => Key(table, r)).ToHashSet(StringComparer.Ordinal);
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

    protected override Task RecordQuarantineAsync(DbConnection target, DbTransaction tx, IReadOnlyList<(string Table, string Key)> release,
        IReadOnlyList<BadValue> bad, CancellationToken ct) => Task.CompletedTask;

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

    private static string Key(SyncTable table, object?[] row) => Convert.ToString(row[table.Plan.KeyOrdinal], System.Globalization.CultureInfo.InvariantCulture)!;

    private static string In(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "@k" + i));

    private static DynamicParameters Keys(IReadOnlyList<string> keys)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < keys.Count; i++)
            parameters.Add("k" + i, keys[i]);
        return parameters;
    }

    // The value as MySQL's column of the same name takes it.
    private static string Expression(TargetColumn column)
    {
        var c = TargetDatabase.Quote(column.Name);
        return column switch
        {
            { IsEnum: true } => c + "::text",
            { TypeName: "bool" } => $"CASE WHEN {c} THEN 1 WHEN NOT {c} THEN 0 END",
            { TypeName: "int2" or "int4" or "int8" } => c,
            { TypeName: "timestamptz" } => $"to_char(date_trunc('second', {c} AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24:MI:SS')",
            { TypeName: "timestamp" } => $"to_char(date_trunc('second', {c}), 'YYYY-MM-DD HH24:MI:SS')",
            { TypeName: "_text" or "_varchar" } => $"to_json({c})::text",
            _ => c + "::text",
        };
    }

    private static string Q(string name) => SourceDatabase.Quote(name);
}
