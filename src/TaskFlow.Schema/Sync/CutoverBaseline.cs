using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// The cut-over's row counts, taken before writes stop, so that the window reads only what changed, not whole tables.
/// <para>
/// Under the apply lock, with nothing applied meanwhile, every table is counted on both sides, each side in a snapshot
/// (MySQL <c>START TRANSACTION WITH CONSISTENT SNAPSHOT</c>, PostgreSQL <c>REPEATABLE READ</c>) that stays open until the
/// window. Since then a row can have changed only under a key applied after the counts (on PostgreSQL the sync is the only
/// writer; on MySQL every write is captured and applied after them), and such a key is not marked checked; or through a
/// foreign-key action of such a key's row, which MySQL does without a trigger. So in the window, for each table, the
/// set K is the keys not checked plus the rows their foreign-key actions can reach (children, found in both snapshots,
/// down to the last generation). K's rows are compared on both sides as they are now; the rows outside K are what they
/// were in the snapshot, so a side's count now is its snapshot count, minus K's rows in the snapshot, plus K's rows now.
/// Both sides' counts (and NULLs of SET NULL keys) must agree. A table this cannot account for (its quarantine changed,
/// or it is reached by a foreign key of several columns, or not to its parent's key) is counted again in full.
/// </para>
/// </summary>
internal sealed class CutoverBaseline : IAsyncDisposable
{
    private const int KeysPerRead = 500;

    private readonly List<Snapshots> _snapshots = [];
    private readonly ConcurrentDictionary<string, Counted> _tables = new(StringComparer.Ordinal);
    private IReadOnlyList<Reach> _reaches = [];

    private sealed record Snapshots(MySqlConnection My, MySqlTransaction MyTx, NpgsqlConnection Pg, NpgsqlTransaction PgTx);

    private sealed record Counted(Snapshots At, CutoverVerifier.Counts Source, CutoverVerifier.Counts Target, string[] Held);

    /// <summary>
    /// A foreign key whose action changes child rows (ON DELETE or ON UPDATE CASCADE, SET NULL, SET DEFAULT), on either
    /// side; <paramref name="Column"/> is null unless it is one column referencing the parent's key.
    /// </summary>
    internal sealed record Reach(string Child, string Parent, string? Column);

    /// <summary>
    /// Counts <paramref name="tables"/> on both sides, <paramref name="parallelism"/> pairs of snapshots at a time, the
    /// largest tables first. Must run under the apply lock with nothing applied until it returns.
    /// </summary>
    public static async Task<CutoverBaseline> TakeAsync(Func<CancellationToken, Task<DbConnection>> openSource,
        Func<CancellationToken, Task<DbConnection>> openTarget, MySqlConnection source, IReadOnlyList<SyncTable> all, IReadOnlyList<SyncTable> tables,
        IReadOnlyDictionary<string, TargetDatabase.TableState> states, IReadOnlyList<BadValue> quarantine, int parallelism, CancellationToken ct)
    {
        var baseline = new CutoverBaseline();
        try
        {
            baseline._reaches = Reaches(all, await SourceReachesAsync(source, ct));
            var queue = new ConcurrentQueue<SyncTable>(tables.OrderByDescending(t => states.GetValueOrDefault(t.Name)?.SourceRows ?? 0));
            await Task.WhenAll(Enumerable.Range(0, Math.Clamp(parallelism, 1, Math.Max(1, tables.Count))).Select(async _ =>
            {
                var at = await baseline.OpenAsync(openSource, openTarget, ct);
                while (queue.TryDequeue(out var table))
                {
                    var held = quarantine.Where(q => q.Table == table.Name).Select(q => q.Key).Distinct().ToArray();
                    // Both sides at once: they run on different servers.
                    var mine = CutoverVerifier.SourceCountsAsync(at.My, table.Plan, held, ct, at.MyTx);
                    var theirs = CutoverVerifier.TargetCountsAsync(at.Pg, table, held, ct, at.PgTx);
                    baseline._tables[table.Name] = new Counted(at, await mine, await theirs, held);
                }
            }));
            return baseline;
        }
        catch
        {
            await baseline.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// In the window, after the drain: every counted table's K (see the class) compared row by row on both sides and its
    /// counts brought forward from the snapshots; the first difference throws. Tables that cannot be accounted for this
    /// way are handed to <paramref name="countInFull"/>. Returns the verifications (in the order of <paramref name="tables"/>),
    /// the changed keys compared and the rows compared because a foreign-key action could have reached them.
    /// </summary>
    public async Task<(List<TableVerification> Tables, long Keys, long Reached)> VerifyAsync(MySqlConnection my, NpgsqlConnection pg,
        IReadOnlyList<SyncTable> tables, IReadOnlyDictionary<string, TargetDatabase.TableState> states, IReadOnlyList<BadValue> quarantine,
        Func<IReadOnlyList<SyncTable>, Task<List<TableVerification>>> countInFull, CancellationToken ct)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var counted = tables.Where(t => _tables.ContainsKey(t.Name)).ToList();
        var held = counted.ToDictionary(t => t.Name, t => t.KeySet(quarantine.Where(q => q.Table == t.Name).Select(q => q.Key)), StringComparer.Ordinal);
        // Every table's changed keys, those of a table compared in full too: their foreign-key actions reach counted tables.
        var keys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
            keys[table.Name] = table.KeySet(await CutoverVerifier.UncheckedKeysAsync(pg, table, quarantine, ct));
        var changed = counted.Sum(t => (long)keys[t.Name].Count);
        await ReachAsync(byName, keys, ct);

        // A quarantine record released since the counts (its row applied fine) changes what they left out.
        var unaccounted = counted.Where(t => !held[t.Name].SetEquals(_tables[t.Name].Held)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var reach in _reaches.Where(r => _tables.ContainsKey(r.Child)))
                if ((unaccounted.Contains(reach.Parent) || (reach.Column is null && keys.GetValueOrDefault(reach.Parent)?.Count > 0)) && unaccounted.Add(reach.Child))
                    grown = true;
        }

        var results = new Dictionary<string, TableVerification>(StringComparer.Ordinal);
        long compared = 0;
        foreach (var table in counted)
        {
            var list = keys[table.Name].Where(k => !held[table.Name].Contains(k)).Order(StringComparer.Ordinal).ToArray();
            compared += list.Length;
            var at = _tables[table.Name];
            var nulls = CutoverVerifier.SetNullColumns(table.Plan).ToList();
            var ordinals = nulls.Select(c => table.Plan.Columns.Select((x, i) => (x, i)).First(x => x.x.Name == c).i).ToList();
            long now = 0, sourceBefore = 0, targetBefore = 0;
            var nullsNow = new long[nulls.Count];
            var sourceNullsBefore = new long[nulls.Count];
            var targetNullsBefore = new long[nulls.Count];
            foreach (var chunk in list.Chunk(KeysPerRead))
            {
                var (differences, rows) = await CutoverVerifier.CompareRowsAsync(my, pg, table, chunk, ct);
                if (differences.FirstOrDefault() is { Key: not null } difference)
                    throw CutoverVerifier.Failed(table.Name, difference.What);
                now += rows.Count;
                for (var i = 0; i < nulls.Count; i++)
                    nullsNow[i] += rows.Count(r => r[ordinals[i]] is null);
                var mine = SourceInSnapshotAsync(at.At, table, nulls, chunk, ct);
                var theirs = TargetInSnapshotAsync(at.At, table, nulls, chunk, ct);
                Add(await mine, ref sourceBefore, sourceNullsBefore);
                Add(await theirs, ref targetBefore, targetNullsBefore);
            }
            if (unaccounted.Contains(table.Name))
                continue;
            CutoverVerifier.Counts Now(CutoverVerifier.Counts then, long before, long[] nullsBefore) =>
                new(then.Rows - before + now, nulls.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => then.Nulls[x.c] - nullsBefore[x.i] + nullsNow[x.i]));
            results[table.Name] = CutoverVerifier.Compared(table.Name, Now(at.Source, sourceBefore, sourceNullsBefore),
                Now(at.Target, targetBefore, targetNullsBefore), held[table.Name].Count, states);
        }
        if (unaccounted.Count > 0)
            foreach (var v in await countInFull(counted.Where(t => unaccounted.Contains(t.Name)).ToList()))
                results[v.Table] = v;
        return (counted.Select(t => results[t.Name]).ToList(), changed, compared - changed);
    }

    private static void Add(long[] counts, ref long rows, long[] nulls)
    {
        rows += counts[0];
        for (var i = 0; i < nulls.Length; i++)
            nulls[i] += counts[i + 1];
    }

    // K grows by the children, in both snapshots, of K's rows through every reaching foreign key, until no new key is found.
    private async Task ReachAsync(IReadOnlyDictionary<string, SyncTable> byName, Dictionary<string, HashSet<string>> keys, CancellationToken ct)
    {
        var frontier = keys.ToDictionary(k => k.Key, k => k.Value.ToList(), StringComparer.Ordinal);
        while (frontier.Values.Any(f => f.Count > 0))
        {
            var next = keys.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
            foreach (var reach in _reaches.Where(r => r.Column is not null && _tables.ContainsKey(r.Child) && frontier[r.Parent].Count > 0))
            {
                var child = byName[reach.Child];
                var at = _tables[reach.Child].At;
                foreach (var chunk in frontier[reach.Parent].Chunk(KeysPerRead))
                {
                    var found = (await SourceChildrenAsync(at, child, reach.Column!, chunk, ct))
                        .Concat(await TargetChildrenAsync(at, child, reach.Column!, byName[reach.Parent].KeyType, chunk, ct));
                    next[reach.Child].AddRange(found.Where(keys[reach.Child].Add));
                }
            }
            frontier = next;
        }
    }

    private static async Task<List<string>> SourceChildrenAsync(Snapshots at, SyncTable child, string column, string[] parents, CancellationToken ct) =>
        (await at.My.QueryAsync<string>(new CommandDefinition(
            $"SELECT CAST({SourceDatabase.Quote(child.Plan.Key)} AS CHAR) FROM {SourceDatabase.Quote(child.Name)} " +
            $"WHERE {SourceDatabase.Quote(column)} IN ({string.Join(", ", parents.Select((_, i) => "@k" + i))})",
            Parameters(parents), at.MyTx, cancellationToken: ct))).ToList();

    private static async Task<List<string>> TargetChildrenAsync(Snapshots at, SyncTable child, string column, string parentKeyType, string[] parents,
        CancellationToken ct) =>
        (await at.Pg.QueryAsync<string>(new CommandDefinition(
            $"SELECT CAST({TargetDatabase.Quote(child.Plan.Key)} AS text) FROM {TargetDatabase.Quote(child.Name)} " +
            $"WHERE {TargetDatabase.Quote(column)} = ANY(CAST(@parents AS {parentKeyType}[]))",
            new { parents }, at.PgTx, cancellationToken: ct))).ToList();

    // K's rows in the source snapshot: their number, then how many have each SET NULL column NULL.
    private static async Task<long[]> SourceInSnapshotAsync(Snapshots at, SyncTable table, List<string> nulls, string[] keys, CancellationToken ct)
    {
        var sql = $"SELECT COUNT(*){string.Concat(nulls.Select(c => $", COALESCE(SUM({SourceDatabase.Quote(c)} IS NULL), 0)"))} " +
            $"FROM {SourceDatabase.Quote(table.Name)} WHERE {SourceDatabase.Quote(table.Plan.Key)} IN ({string.Join(", ", keys.Select((_, i) => "@k" + i))})";
        return Longs(await at.My.QueryFirstAsync(new CommandDefinition(sql, Parameters(keys), at.MyTx, cancellationToken: ct)));
    }

    private static async Task<long[]> TargetInSnapshotAsync(Snapshots at, SyncTable table, List<string> nulls, string[] keys, CancellationToken ct)
    {
        var sql = $"SELECT COUNT(*){string.Concat(nulls.Select(c => $", COUNT(*) FILTER (WHERE {TargetDatabase.Quote(c)} IS NULL)"))} " +
            $"FROM {TargetDatabase.Quote(table.Name)} WHERE {TargetDatabase.Quote(table.Plan.Key)} = ANY(CAST(@keys AS {table.KeyType}[]))";
        return Longs(await at.Pg.QueryFirstAsync(new CommandDefinition(sql, new { keys }, at.PgTx, cancellationToken: ct)));
    }

    private static long[] Longs(dynamic row) =>
        ((IDictionary<string, object>)row).Values.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static DynamicParameters Parameters(string[] keys)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < keys.Length; i++)
            parameters.Add("@k" + i, keys[i]);
        return parameters;
    }

    private async Task<Snapshots> OpenAsync(Func<CancellationToken, Task<DbConnection>> openSource, Func<CancellationToken, Task<DbConnection>> openTarget,
        CancellationToken ct)
    {
        var my = (MySqlConnection)await openSource(ct);
        var pg = (NpgsqlConnection)await openTarget(ct);
        try
        {
            await my.ExecuteAsync(new CommandDefinition("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", cancellationToken: ct));
            var myTx = await my.BeginTransactionAsync(IsolationLevel.Snapshot, isReadOnly: true, ct);
            var pgTx = await pg.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await pg.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY", transaction: pgTx, cancellationToken: ct));
            var at = new Snapshots(my, myTx, pg, pgTx);
            lock (_snapshots)
                _snapshots.Add(at);
            return at;
        }
        catch
        {
            await my.DisposeAsync();
            await pg.DisposeAsync();
            throw;
        }
    }

    // ON DELETE / ON UPDATE actions that change child rows.
    private static readonly Regex Reaching = new(@"\bON\s+(DELETE|UPDATE)\s+(CASCADE|SET\s+NULL|SET\s+DEFAULT)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// The reaching foreign keys among <paramref name="tables"/>: the target's (from its definitions) and the source's
    /// (<paramref name="source"/>: child, parent, columns, parent columns), once per child, parent and column.
    /// </summary>
    internal static IReadOnlyList<Reach> Reaches(IReadOnlyList<SyncTable> tables,
        IEnumerable<(string Child, string Parent, IReadOnlyList<string> Columns, IReadOnlyList<string> ParentColumns)> source)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var target = tables.SelectMany(t => t.Plan.ForeignKeys).Where(f => Reaching.IsMatch(f.Definition))
            .Select(f => (Child: f.Table, f.Parent, f.Columns, f.ParentColumns));
        return target.Concat(source)
            .Where(f => byName.ContainsKey(f.Child) && byName.ContainsKey(f.Parent))
            .Select(f => new Reach(f.Child, f.Parent,
                f.Columns.Count == 1 && f.ParentColumns.Count == 1 && f.ParentColumns[0] == byName[f.Parent].Plan.Key ? f.Columns[0] : null))
            .Distinct().ToList();
    }

    private static async Task<List<(string, string, IReadOnlyList<string>, IReadOnlyList<string>)>> SourceReachesAsync(MySqlConnection my, CancellationToken ct)
    {
        var rows = await my.QueryAsync<(string Child, string Parent, string Columns, string ParentColumns)>(new CommandDefinition("""
            SELECT rc.TABLE_NAME, rc.REFERENCED_TABLE_NAME,
                   GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '\n'),
                   GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '\n')
            FROM information_schema.REFERENTIAL_CONSTRAINTS rc
            JOIN information_schema.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = rc.TABLE_NAME AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME
            WHERE rc.CONSTRAINT_SCHEMA = DATABASE()
              AND (rc.DELETE_RULE IN ('CASCADE', 'SET NULL', 'SET DEFAULT') OR rc.UPDATE_RULE IN ('CASCADE', 'SET NULL', 'SET DEFAULT'))
            GROUP BY rc.TABLE_NAME, rc.REFERENCED_TABLE_NAME, rc.CONSTRAINT_NAME
            """, cancellationToken: ct));
        return rows.Select(r => (r.Child, r.Parent, (IReadOnlyList<string>)r.Columns.Split('\n'), (IReadOnlyList<string>)r.ParentColumns.Split('\n'))).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var at in _snapshots)
        {
            await at.My.DisposeAsync();
            await at.Pg.DisposeAsync();
        }
        _snapshots.Clear();
    }
}
