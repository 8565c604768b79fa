using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.DataCopy.Converters;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// The cut-over's verification, in a time that follows what changed rather than the size of the data. A table the
/// sync's full copy verified (its target checksum equal to the one of the rows its load read) can since have changed
/// only through the captured keys, or through the foreign-key actions that the parents' changes set off, which MySQL
/// does not capture. So for every such table the row counts are compared on both sides, every captured key row by row
/// (canonical values), and for each ON DELETE SET NULL key the number of rows holding NULL (a cascading delete shows in
/// the counts). A table the copy did not verify is compared in full, as verify-data does.
/// </summary>
internal static class CutoverVerifier
{
    private const int KeysPerRead = 500;

    /// <summary>Row counts (and NULLs of SET NULL keys) on both sides, quarantined keys left out; the first difference throws.</summary>
    public static async Task<List<TableVerification>> CountAsync(MySqlConnection my, NpgsqlConnection pg, IReadOnlyList<SyncTable> tables,
        IReadOnlyDictionary<string, TargetDatabase.TableState> states, IReadOnlyList<BadValue> quarantine, CancellationToken ct)
    {
        var results = new List<TableVerification>();
        foreach (var table in tables)
        {
            var plan = table.Plan;
            var held = quarantine.Where(q => q.Table == plan.Name).Select(q => q.Key).Distinct().ToArray();
            // The same counts on both sides at once: they run on different servers.
            var source = SourceCountsAsync(my, plan, held, ct);
            var target = TargetCountsAsync(pg, table, held, ct);
            var (mine, theirs) = (await source, await target);
            if (mine.Rows != theirs.Rows)
                throw Failed(plan.Name, $"{mine.Rows} rows in the source, {theirs.Rows} in the target");
            foreach (var (column, count) in mine.Nulls)
                if (theirs.Nulls[column] != count)
                    throw Failed(plan.Name, $"{count} rows with {column} NULL in the source, {theirs.Nulls[column]} in the target " +
                        "(ON DELETE SET NULL)");
            var checksum = states[plan.Name].SourceChecksum ?? "";
            results.Add(new TableVerification(plan.Name, mine.Rows, theirs.Rows, held.Length, checksum, checksum, null));
        }
        return results;
    }

    /// <summary>Every key the sync applied since the full copy, compared row by row (canonical values) on both sides.</summary>
    public static async Task<long> VerifyChangedKeysAsync(MySqlConnection my, NpgsqlConnection pg, IReadOnlyList<SyncTable> tables,
        IReadOnlyList<BadValue> quarantine, CancellationToken ct)
    {
        var quarantined = quarantine.Select(q => (q.Table, q.Key)).ToHashSet();
        long count = 0;
        foreach (var table in tables)
        {
            var keys = (await pg.QueryAsync<string>(new CommandDefinition(
                "SELECT row_key FROM taskflow_sync_keys WHERE table_name = @name ORDER BY row_key", new { name = table.Name }, cancellationToken: ct)))
                .Where(k => !quarantined.Contains((table.Name, k))).ToList();
            foreach (var chunk in keys.Chunk(KeysPerRead))
            {
                var mine = await SourceRowsAsync(my, table.Plan, chunk, ct);
                var theirs = await TargetRowsAsync(pg, table, chunk, ct);
                foreach (var (key, row) in mine)
                {
                    if (!theirs.Remove(key, out var other))
                        throw Failed(table.Name, $"key {key}: row is in the source but not in the target");
                    var differs = Enumerable.Range(0, row.Length).FirstOrDefault(i => !string.Equals(row[i], other[i], StringComparison.Ordinal), -1);
                    if (differs >= 0)
                        throw Failed(table.Name, $"key {key}, column {table.Plan.Columns[differs].Name}: " +
                            $"source {DataVerifier.Shown(row[differs])}, target {DataVerifier.Shown(other[differs])}");
                }
                if (theirs.Count > 0)
                    throw Failed(table.Name, $"key {theirs.Keys.First()}: row is in the target but not in the source");
                count += chunk.Length;
            }
        }
        return count;
    }

    private static CutoverException Failed(string table, string what) => new($"Verification failed: table {table}, {what}.", true);

    // The columns of the table's ON DELETE SET NULL keys: rows MySQL changes without a trigger, and so without a captured key.
    private static IEnumerable<string> SetNullColumns(TablePlan plan) =>
        plan.ForeignKeys.Where(f => f.Definition.Contains("ON DELETE SET NULL", StringComparison.OrdinalIgnoreCase) && f.Columns.Count == 1)
            .Select(f => f.Columns[0]).Distinct(StringComparer.Ordinal);

    private static async Task<(long Rows, Dictionary<string, long> Nulls)> SourceCountsAsync(MySqlConnection my, TablePlan plan, string[] held,
        CancellationToken ct)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < held.Length; i++)
            parameters.Add("@q" + i, held[i]);
        var notHeld = held.Length == 0 ? "" : $"{SourceDatabase.Quote(plan.Key)} NOT IN ({string.Join(", ", held.Select((_, i) => "@q" + i))})";
        var from = $"SELECT COUNT(*) FROM {SourceDatabase.Quote(plan.Name)}";
        var rows = await my.ExecuteScalarAsync<long>(new CommandDefinition(from + (notHeld == "" ? "" : " WHERE " + notHeld), parameters, cancellationToken: ct));
        var nulls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var column in SetNullColumns(plan))
            nulls[column] = await my.ExecuteScalarAsync<long>(new CommandDefinition(
                $"{from} WHERE {SourceDatabase.Quote(column)} IS NULL{(notHeld == "" ? "" : " AND " + notHeld)}", parameters, cancellationToken: ct));
        return (rows, nulls);
    }

    private static async Task<(long Rows, Dictionary<string, long> Nulls)> TargetCountsAsync(NpgsqlConnection pg, SyncTable table, string[] held,
        CancellationToken ct)
    {
        var plan = table.Plan;
        var notHeld = held.Length == 0 ? "" : $"NOT ({TargetDatabase.Quote(plan.Key)} = ANY(CAST(@held AS {table.KeyType}[])))";
        var from = $"SELECT COUNT(*) FROM {TargetDatabase.Quote(plan.Name)}";
        var rows = await pg.ExecuteScalarAsync<long>(new CommandDefinition(from + (notHeld == "" ? "" : " WHERE " + notHeld), new { held },
            cancellationToken: ct));
        var nulls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var column in SetNullColumns(plan))
            nulls[column] = await pg.ExecuteScalarAsync<long>(new CommandDefinition(
                $"{from} WHERE {TargetDatabase.Quote(column)} IS NULL{(notHeld == "" ? "" : " AND " + notHeld)}", new { held }, cancellationToken: ct));
        return (rows, nulls);
    }

    private static async Task<Dictionary<string, string?[]>> SourceRowsAsync(MySqlConnection my, TablePlan plan, string[] keys, CancellationToken ct)
    {
        var converters = plan.Converters();
        await using var select = new MySqlCommand(
            $"SELECT {string.Join(", ", converters.Select(c => c.SourceExpression(SourceDatabase.Quote(c.Column.Name))))} FROM {SourceDatabase.Quote(plan.Name)} " +
            $"WHERE {SourceDatabase.Quote(plan.Key)} IN ({string.Join(", ", keys.Select((_, i) => "@k" + i))})", my);
        for (var i = 0; i < keys.Length; i++)
            select.Parameters.AddWithValue("@k" + i, keys[i]);
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new string?[converters.Length];
            for (var i = 0; i < converters.Length; i++)
            {
                if (!converters[i].TryRead(reader, i, out var reason))
                    throw Failed(plan.Name, $"key {ColumnConverter.Raw(reader, plan.KeyOrdinal)}, column {converters[i].Column.Name}: " +
                        $"the source value cannot be copied ({reason}) and is not in the quarantine");
                row[i] = converters[i].Canonical();
            }
            rows[row[plan.KeyOrdinal]!] = row;
        }
        return rows;
    }

    private static async Task<Dictionary<string, string?[]>> TargetRowsAsync(NpgsqlConnection pg, SyncTable table, string[] keys, CancellationToken ct)
    {
        var plan = table.Plan;
        var converters = plan.Converters();
        await using var select = new NpgsqlCommand(
            $"SELECT {string.Join(", ", converters.Select(c => c.TargetExpression(TargetDatabase.Quote(c.Column.Name))))} FROM {TargetDatabase.Quote(plan.Name)} " +
            $"WHERE {TargetDatabase.Quote(plan.Key)} = ANY(CAST(@keys AS {table.KeyType}[]))", pg);
        select.Parameters.AddWithValue("keys", keys);
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new string?[converters.Length];
            for (var i = 0; i < converters.Length; i++)
                row[i] = converters[i].TargetCanonical(reader, i);
            rows[row[plan.KeyOrdinal]!] = row;
        }
        return rows;
    }
}
