using System.Data.Common;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Sync;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>
/// PostgreSQL to MySQL (the rollback direction, after a cut-over): each value is selected from PostgreSQL in the form
/// MySQL's column takes (booleans as 0/1, text[] as a JSON array, timestamps as UTC text), then written with
/// <c>INSERT ... ON DUPLICATE KEY UPDATE</c>, every column assigned, so MySQL's ON UPDATE CURRENT_TIMESTAMP keeps the
/// value PostgreSQL holds.
/// </summary>
/// <remarks>
/// MySQL's TIMESTAMP columns of this schema hold whole seconds: the fraction of a timestamp written on PostgreSQL is cut
/// (as MariaDB does on insert). That is the one value the way back does not keep exactly.
/// </remarks>
internal sealed class MySqlChangeApplier(IChangeCapture source, IChangeCapture target, IReadOnlyList<SyncTable> tables)
    : ChangeApplier(source, target, tables)
{
    private const int RowsPerInsert = 200;
    private readonly Dictionary<string, List<object?[]>> _staged = new(StringComparer.Ordinal);

    protected override void BeginBatch() => _staged.Clear();

    protected override async Task<HashSet<string>> StageAsync(DbConnection sourceConnection, DbTransaction snapshot, DbConnection targetConnection,
        DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var plan = table.Plan;
        await using var select = new NpgsqlCommand(
            $"SELECT {string.Join(", ", plan.Columns.Select(Expression))} FROM {TargetDatabase.Quote(plan.Name)} " +
            $"WHERE {TargetDatabase.Quote(plan.Key)} = ANY(CAST(@keys AS {table.KeyType}[]))", (NpgsqlConnection)sourceConnection, (NpgsqlTransaction)snapshot);
        select.Parameters.AddWithValue("keys", keys.ToArray());
        var rows = new List<object?[]>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var row = new object?[plan.Columns.Count];
                for (var i = 0; i < row.Length; i++)
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
                found.Add(Convert.ToString(row[plan.KeyOrdinal], System.Globalization.CultureInfo.InvariantCulture)!);
            }
        }
        _staged[plan.Name] = rows;
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
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
                parameters.Add("k" + i, chunk[i]);
            await target.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {Q(table.Name)} WHERE {Q(table.Plan.Key)} IN ({string.Join(", ", chunk.Select((_, i) => "@k" + i))})", parameters, tx,
                cancellationToken: ct));
        }
    }

    protected override async Task UpsertAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct)
    {
        var plan = table.Plan;
        var columns = string.Join(", ", plan.Columns.Select(c => Q(c.Name)));
        var updates = string.Join(", ", plan.Columns.Where(c => c.Name != plan.Key).Select(c => $"{Q(c.Name)} = VALUES({Q(c.Name)})"));
        foreach (var chunk in _staged[plan.Name].Chunk(RowsPerInsert))
        {
            await using var insert = new MySqlCommand { Connection = (MySqlConnection)target, Transaction = (MySqlTransaction)tx };
            var values = new List<string>();
            for (var r = 0; r < chunk.Length; r++)
            {
                var names = new List<string>();
                for (var c = 0; c < chunk[r].Length; c++)
                {
                    var name = $"@v{r}_{c}";
                    insert.Parameters.AddWithValue(name, chunk[r][c] ?? DBNull.Value);
                    names.Add(name);
                }
                values.Add("(" + string.Join(", ", names) + ")");
            }
            insert.CommandText = $"INSERT INTO {Q(plan.Name)} ({columns}) VALUES {string.Join(", ", values)}" +
                (updates.Length == 0 ? "" : " ON DUPLICATE KEY UPDATE " + updates);
            await insert.ExecuteNonQueryAsync(ct);
        }
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
