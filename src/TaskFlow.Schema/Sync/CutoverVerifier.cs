using System.Data.Common;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.DataCopy.Converters;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// The cut-over's comparisons. A table the sync's full copy verified (its target checksum equal to the one of the rows
/// its load read) can since have changed only through the captured keys, or through the foreign-key actions that the
/// parents' changes set off, which MySQL does not capture. So for every such table the row counts are compared on both
/// sides (taken before writes stop and brought forward in the window: <see cref="CutoverBaseline"/>), every captured key
/// row by row (canonical values), and for each ON DELETE SET NULL key the number of rows holding NULL. A table the copy
/// did not verify is compared in full, as verify-data does.
/// </summary>
internal static class CutoverVerifier
{
    private const int KeysPerRead = 500;

    /// <summary>
    /// Row counts (and NULLs of SET NULL keys) on both sides, quarantined keys left out; the first difference throws. Tables are
    /// counted <paramref name="parallelism"/> at a time, the largest first, each on a pair of connections of its own.
    /// </summary>
    public static async Task<List<TableVerification>> CountAsync(Func<CancellationToken, Task<DbConnection>> openSource,
        Func<CancellationToken, Task<DbConnection>> openTarget, IReadOnlyList<SyncTable> tables,
        IReadOnlyDictionary<string, TargetDatabase.TableState> states, IReadOnlyList<BadValue> quarantine, int parallelism, CancellationToken ct)
    {
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, TableVerification>(StringComparer.Ordinal);
        var largestFirst = tables.OrderByDescending(t => states.GetValueOrDefault(t.Name)?.SourceRows ?? 0).ToList();
        await Parallel.ForEachAsync(largestFirst, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct },
            async (table, token) =>
            {
                await using var my = (MySqlConnection)await openSource(token);
                await using var pg = (NpgsqlConnection)await openTarget(token);
                results[table.Name] = await CountAsync(my, pg, table, states, quarantine, token);
            });
        return tables.Select(t => results[t.Name]).ToList();
    }

    private static async Task<TableVerification> CountAsync(MySqlConnection my, NpgsqlConnection pg, SyncTable table,
        IReadOnlyDictionary<string, TargetDatabase.TableState> states, IReadOnlyList<BadValue> quarantine, CancellationToken ct)
    {
        var plan = table.Plan;
        var held = quarantine.Where(q => q.Table == plan.Name).Select(q => q.Key).Distinct().ToArray();
        // The same counts on both sides at once: they run on different servers.
        var source = SourceCountsAsync(my, plan, held, ct);
        var target = TargetCountsAsync(pg, table, held, ct);
        return Compared(plan.Name, await source, await target, held.Length, states);
    }

    /// <summary>Row counts (and NULLs of SET NULL keys) of one table on both sides.</summary>
    public sealed record Counts(long Rows, Dictionary<string, long> Nulls);

    /// <summary>The table's verification when both sides' counts agree; the first difference throws.</summary>
    public static TableVerification Compared(string table, Counts mine, Counts theirs, int held, IReadOnlyDictionary<string, TargetDatabase.TableState> states)
    {
        if (mine.Rows != theirs.Rows)
            throw Failed(table, $"{mine.Rows} rows in the source, {theirs.Rows} in the target");
        foreach (var (column, count) in mine.Nulls)
            if (theirs.Nulls[column] != count)
                throw Failed(table, $"{count} rows with {column} NULL in the source, {theirs.Nulls[column]} in the target " +
                    "(ON DELETE SET NULL)");
        var checksum = states[table].SourceChecksum ?? "";
        return new TableVerification(table, mine.Rows, theirs.Rows, held, checksum, checksum, null);
    }

    /// <summary>
    /// Before writes stop: every key applied since the full copy and not checked yet is compared row by row, and marked checked
    /// when both sides are equal. Writes still go on, so a key whose change is still on its way differs here and is simply
    /// left for the window; a key applied again later is no longer checked (<see cref="Dialects.IChangeCapture.RecordKeys"/>).
    /// Returns the keys checked and the keys left. Runs under the apply lock, so no apply comes between a comparison and its mark;
    /// marks of an earlier cut-over attempt are cleared first, so a key is trusted only seconds after this run compared it.
    /// </summary>
    public static async Task<(long Checked, long Left)> PrecheckChangedKeysAsync(MySqlConnection my, NpgsqlConnection pg, IReadOnlyList<SyncTable> tables,
        IReadOnlyList<BadValue> quarantine, CancellationToken ct, bool again = false)
    {
        // Marks of an earlier cut-over attempt are not trusted: the target may have been touched since. (Again: this attempt's.)
        if (!again)
            await pg.ExecuteAsync(new CommandDefinition("UPDATE taskflow_sync_keys SET checked = false WHERE checked", cancellationToken: ct));
        long done = 0, left = 0;
        foreach (var table in tables)
            foreach (var chunk in (await UncheckedKeysAsync(pg, table, quarantine, ct)).Chunk(KeysPerRead))
            {
                HashSet<string> differing;
                try
                {
                    differing = (await CompareAsync(my, pg, table, chunk, ct)).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
                }
                catch (CutoverException)
                {
                    // A source row that cannot be copied (its change not applied yet): the window decides.
                    left += chunk.Length;
                    continue;
                }
                var equal = chunk.Where(k => !differing.Contains(k)).ToArray();
                await pg.ExecuteAsync(new CommandDefinition(
                    "UPDATE taskflow_sync_keys SET checked = true WHERE table_name = @name AND row_key = ANY(@equal)",
                    new { name = table.Name, equal }, cancellationToken: ct));
                done += equal.Length;
                left += differing.Count;
            }
        return (done, left);
    }

    public static async Task<List<string>> UncheckedKeysAsync(NpgsqlConnection pg, SyncTable table, IReadOnlyList<BadValue> quarantine, CancellationToken ct)
    {
        var quarantined = quarantine.Where(q => q.Table == table.Name).Select(q => q.Key).ToHashSet(StringComparer.Ordinal);
        return (await pg.QueryAsync<string>(new CommandDefinition(
                "SELECT row_key FROM taskflow_sync_keys WHERE table_name = @name AND NOT checked ORDER BY row_key", new { name = table.Name },
                cancellationToken: ct)))
            .Where(k => !quarantined.Contains(k)).ToList();
    }

    // The keys of the chunk whose rows differ between the two sides, each with what differs.
    private static async Task<List<(string Key, string What)>> CompareAsync(MySqlConnection my, NpgsqlConnection pg, SyncTable table, string[] chunk,
        CancellationToken ct) => (await CompareRowsAsync(my, pg, table, chunk, ct)).Differences;

    /// <summary>The rows of the chunk's keys on both sides: those that differ, each with what differs, and the source's rows (canonical values).</summary>
    public static async Task<(List<(string Key, string What)> Differences, List<string?[]> Rows)> CompareRowsAsync(MySqlConnection my, NpgsqlConnection pg,
        SyncTable table, string[] chunk, CancellationToken ct)
    {
        var mine = await SourceRowsAsync(my, table.Plan, chunk, ct);
        var theirs = await TargetRowsAsync(pg, table, chunk, ct);
        var differences = new List<(string Key, string What)>();
        foreach (var (key, row) in mine)
        {
            if (!theirs.Remove(key, out var other))
            {
                differences.Add((key, $"key {key}: row is in the source but not in the target"));
                continue;
            }
            var differs = Enumerable.Range(0, row.Length).FirstOrDefault(i => !string.Equals(row[i], other[i], StringComparison.Ordinal), -1);
            if (differs >= 0)
                differences.Add((key, $"key {key}, column {table.Plan.Columns[differs].Name}: " +
                    $"source {DataVerifier.Shown(row[differs])}, target {DataVerifier.Shown(other[differs])}"));
        }
        differences.AddRange(theirs.Keys.Select(k => (k, $"key {k}: row is in the target but not in the source")));
        return (differences, [.. mine.Values]);
    }

    public static CutoverException Failed(string table, string what) => new($"Verification failed: table {table}, {what}.", true);

    // The columns of the table's ON DELETE SET NULL keys: rows MySQL changes without a trigger, and so without a captured key.
    public static IEnumerable<string> SetNullColumns(TablePlan plan) =>
        plan.ForeignKeys.Where(f => f.Definition.Contains("ON DELETE SET NULL", StringComparison.OrdinalIgnoreCase) && f.Columns.Count == 1)
            .Select(f => f.Columns[0]).Distinct(StringComparer.Ordinal);

    /// <summary>The source's counts, in <paramref name="snapshot"/> when given.</summary>
    public static async Task<Counts> SourceCountsAsync(MySqlConnection my, TablePlan plan, string[] held, CancellationToken ct,
        MySqlTransaction? snapshot = null)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < held.Length; i++)
            parameters.Add("@q" + i, held[i]);
        var notHeld = held.Length == 0 ? "" : $"{SourceDatabase.Quote(plan.Key)} NOT IN ({string.Join(", ", held.Select((_, i) => "@q" + i))})";
        var from = $"SELECT COUNT(*) FROM {SourceDatabase.Quote(plan.Name)}";
        var rows = await my.ExecuteScalarAsync<long>(new CommandDefinition(from + (notHeld == "" ? "" : " WHERE " + notHeld), parameters, snapshot,
            cancellationToken: ct));
        var nulls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var column in SetNullColumns(plan))
            nulls[column] = await my.ExecuteScalarAsync<long>(new CommandDefinition(
                $"{from} WHERE {SourceDatabase.Quote(column)} IS NULL{(notHeld == "" ? "" : " AND " + notHeld)}", parameters, snapshot, cancellationToken: ct));
        return new Counts(rows, nulls);
    }

    /// <summary>The target's counts, in <paramref name="snapshot"/> when given.</summary>
    public static async Task<Counts> TargetCountsAsync(NpgsqlConnection pg, SyncTable table, string[] held, CancellationToken ct,
        NpgsqlTransaction? snapshot = null)
    {
        var plan = table.Plan;
        held = table.OnTarget(held);
        var notHeld = held.Length == 0 ? "" : $"NOT ({TargetDatabase.Quote(plan.Key)} = ANY(CAST(@held AS {table.KeyType}[])))";
        var from = $"SELECT COUNT(*) FROM {TargetDatabase.Quote(plan.Name)}";
        var rows = await pg.ExecuteScalarAsync<long>(new CommandDefinition(from + (notHeld == "" ? "" : " WHERE " + notHeld), new { held }, snapshot,
            cancellationToken: ct));
        var nulls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var column in SetNullColumns(plan))
            nulls[column] = await pg.ExecuteScalarAsync<long>(new CommandDefinition(
                $"{from} WHERE {TargetDatabase.Quote(column)} IS NULL{(notHeld == "" ? "" : " AND " + notHeld)}", new { held }, snapshot, cancellationToken: ct));
        return new Counts(rows, nulls);
    }

    private static async Task<Dictionary<string, string?[]>> SourceRowsAsync(MySqlConnection my, TablePlan plan, string[] keys, CancellationToken ct)
    {
        var converters = plan.Converters();
        await using var select = new MySqlCommand(
            $"SELECT {SourceDatabase.SelectList(plan, converters)} FROM {SourceDatabase.Quote(plan.Name)} " +
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
        select.Parameters.AddWithValue("keys", table.OnTarget(keys));
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
