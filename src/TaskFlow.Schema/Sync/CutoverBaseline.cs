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
/// writer; on MySQL every write is captured and applied after them, by this cut-over, which is told every key it applies),
/// or through a foreign-key action of such a row, which MySQL does without a trigger. The ledger L holds those keys: the
/// keys not checked when the counts were taken, every key applied since, and the rows their foreign-key actions can
/// reach (children through every reaching foreign key of either side, in both snapshots and, in the window, as the tables
/// are now, down every generation). The rows outside L are what they were in the snapshots, so a side's count now is its
/// snapshot count, minus L's rows in its snapshot, plus L's rows now. In the window both sides' counts (and NULLs of SET
/// NULL keys) must agree, every key of L must exist (and be NULL) alike on both sides, and the keys applied since they
/// were last compared, with the rows they reach, are compared row by row.
/// </para>
/// <para>
/// Before writes stop, <see cref="PrepareAsync"/> does for L as it is then what can be done early (the reach, L's rows in
/// the snapshots, the comparison of the rows reached), so that the window handles only what came after. A table this
/// cannot account for (its quarantine changed, or it is reached by a foreign key of several columns, or not to its
/// parent's key) is counted again in full.
/// </para>
/// </summary>
internal sealed class CutoverBaseline : IAsyncDisposable
{
    private const int KeysPerRead = 500;

    private readonly List<Snapshots> _snapshots = [];
    private readonly ConcurrentDictionary<string, Ledger> _ledgers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _applied = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private IReadOnlyList<Reach> _reaches = [];
    private IReadOnlyDictionary<string, SyncTable> _byName = new Dictionary<string, SyncTable>();

    private sealed record Snapshots(MySqlConnection My, MySqlTransaction MyTx, NpgsqlConnection Pg, NpgsqlTransaction PgTx);

    // One counted table: its snapshots and counts, L's keys with their state in the snapshots (null until looked up; a
    // mask: -1 absent, else bit i set when the i-th SET NULL column is NULL), and the rows reached that still differed
    // before writes stopped.
    private sealed class Ledger(SyncTable table, Snapshots at, CutoverVerifier.Counts source, CutoverVerifier.Counts target, string[] held)
    {
        public SyncTable Table { get; } = table;
        public Snapshots At { get; } = at;
        public CutoverVerifier.Counts Source { get; } = source;
        public CutoverVerifier.Counts Target { get; } = target;
        public string[] Held { get; } = held;
        public List<string> Nulls { get; } = CutoverVerifier.SetNullColumns(table.Plan).ToList();
        public Dictionary<string, (int Source, int Target)?> Keys { get; } = new(table.KeyComparer);
        public HashSet<string> Unsettled { get; } = table.KeySet();
    }

    /// <summary>
    /// A foreign key whose action changes child rows (ON DELETE or ON UPDATE CASCADE, SET NULL, SET DEFAULT), on either
    /// side; <paramref name="Column"/> is null unless it is one column referencing the parent's key.
    /// </summary>
    internal sealed record Reach(string Child, string Parent, string? Column);

    /// <summary>For <see cref="ChangeApplier.OnApplied"/>: every key the cut-over applies after the counts joins L.</summary>
    public void Applied(string table, IReadOnlyList<string> keys)
    {
        lock (_applied)
        {
            if (!_applied.TryGetValue(table, out var set))
                _applied[table] = set = _byName[table].KeySet();
            set.UnionWith(keys);
            if (keys.Count > 0)
                _touched.Add(table);
        }
    }

    /// <summary>
    /// Counts <paramref name="tables"/> on both sides, <paramref name="parallelism"/> pairs of snapshots at a time, the
    /// largest tables first, and starts L with the keys not checked. Must run under the apply lock with nothing applied
    /// until it returns.
    /// </summary>
    public static async Task<CutoverBaseline> TakeAsync(Func<CancellationToken, Task<DbConnection>> openSource,
        Func<CancellationToken, Task<DbConnection>> openTarget, MySqlConnection source, NpgsqlConnection target, IReadOnlyList<SyncTable> all,
        IReadOnlyList<SyncTable> tables, IReadOnlyDictionary<string, TargetDatabase.TableState> states, IReadOnlyList<BadValue> quarantine, int parallelism,
        CancellationToken ct)
    {
        var baseline = new CutoverBaseline { _byName = all.ToDictionary(t => t.Name, StringComparer.Ordinal) };
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
                    baseline._ledgers[table.Name] = new Ledger(table, at, await mine, await theirs, held);
                }
            }));
            foreach (var table in all)
                baseline.Applied(table.Name, await CutoverVerifier.UncheckedKeysAsync(target, table, quarantine, ct));
            return baseline;
        }
        catch
        {
            await baseline.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Before writes stop, once the keys applied since the counts are compared: L grows by what those keys reach, the rows
    /// reached are compared (those that differ are compared again in the window), and L's rows are looked up in the
    /// snapshots. Returns the rows reached.
    /// </summary>
    public async Task<long> PrepareAsync(MySqlConnection my, NpgsqlConnection pg, IReadOnlyList<BadValue> quarantine, CancellationToken ct)
    {
        var reached = await GrowAsync(my, pg, quarantine, ct);
        foreach (var (table, keys) in reached)
            foreach (var chunk in keys.Order(StringComparer.Ordinal).Chunk(KeysPerRead))
            {
                var (differences, _) = await CutoverVerifier.CompareRowsAsync(my, pg, _ledgers[table].Table, chunk, ct);
                _ledgers[table].Unsettled.UnionWith(differences.Select(d => d.Key));
            }
        await BeforeAsync(ct);
        var count = reached.Sum(r => (long)r.Value.Count);
        ReachedBefore += count;
        return count;
    }

    /// <summary>The rows reached and compared by <see cref="PrepareAsync"/>, before writes stopped.</summary>
    public long ReachedBefore { get; private set; }

    /// <summary>
    /// In the window, after the drain: the keys not checked and what they reach compared row by row, every key of L found
    /// alike on both sides, and every counted table's counts brought forward from the snapshots; the first difference throws.
    /// Tables that cannot be accounted for this way are handed to <paramref name="countInFull"/>. Returns the verifications
    /// (in the order of <paramref name="tables"/>), the changed keys compared and the rows reached compared.
    /// </summary>
    public async Task<(List<TableVerification> Tables, long Keys, long Reached)> VerifyAsync(MySqlConnection my, NpgsqlConnection pg,
        IReadOnlyList<SyncTable> tables, IReadOnlyDictionary<string, TargetDatabase.TableState> states, IReadOnlyList<BadValue> quarantine,
        Func<IReadOnlyList<SyncTable>, Task<List<TableVerification>>> countInFull, CancellationToken ct)
    {
        var counted = tables.Where(t => _ledgers.ContainsKey(t.Name)).ToList();
        var held = counted.ToDictionary(t => t.Name, t => t.KeySet(quarantine.Where(q => q.Table == t.Name).Select(q => q.Key)), StringComparer.Ordinal);
        var changed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            changed[table.Name] = await CutoverVerifier.UncheckedKeysAsync(pg, table, quarantine, ct);
            Applied(table.Name, changed[table.Name]);
        }
        var reached = await GrowAsync(my, pg, quarantine, ct, now: true);
        await BeforeAsync(ct);

        // A quarantine record released since the counts (its row applied fine) changes what they left out.
        var unaccounted = counted.Where(t => !held[t.Name].SetEquals(_ledgers[t.Name].Held)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var reach in _reaches.Where(r => _ledgers.ContainsKey(r.Child)))
                if ((unaccounted.Contains(reach.Parent) || (reach.Column is null && Changed(reach.Parent))) && unaccounted.Add(reach.Child))
                    grown = true;
        }

        var results = new Dictionary<string, TableVerification>(StringComparer.Ordinal);
        long keysCompared = 0, reachedCompared = 0;
        foreach (var table in counted)
        {
            var ledger = _ledgers[table.Name];
            var compare = table.KeySet(changed[table.Name]);
            keysCompared += compare.Count;
            compare.UnionWith(reached.GetValueOrDefault(table.Name) ?? []);
            compare.UnionWith(ledger.Unsettled);
            compare.ExceptWith(held[table.Name]);
            reachedCompared += Math.Max(0, compare.Count - changed[table.Name].Count);
            foreach (var chunk in compare.Order(StringComparer.Ordinal).Chunk(KeysPerRead))
                if ((await CutoverVerifier.CompareRowsAsync(my, pg, table, chunk, ct)).Differences.FirstOrDefault() is { Key: not null } difference)
                    throw CutoverVerifier.Failed(table.Name, difference.What);

            // L's rows now on both sides (their content is compared above wherever it can have changed since last compared).
            var keys = ledger.Keys.Keys.Where(k => !held[table.Name].Contains(k)).Order(StringComparer.Ordinal).ToArray();
            var mine = new Dictionary<string, int>(table.KeyComparer);
            var theirs = new Dictionary<string, int>(table.KeyComparer);
            foreach (var chunk in keys.Chunk(KeysPerRead))
            {
                var source = SourceMasksAsync(my, null, ledger, chunk, ct);
                var target = TargetMasksAsync(pg, null, ledger, chunk, ct);
                Merge(mine, await source);
                Merge(theirs, await target);
            }
            foreach (var key in keys)
            {
                var (m, t) = (mine.GetValueOrDefault(key, -1), theirs.GetValueOrDefault(key, -1));
                if (m != t)
                    throw CutoverVerifier.Failed(table.Name, $"key {key}: " + (m, t) switch
                    {
                        (-1, _) => "row is in the target but not in the source",
                        (_, -1) => "row is in the source but not in the target",
                        _ => $"columns NULL in the source: {NullNames(ledger, m)}; in the target: {NullNames(ledger, t)}",
                    });
            }
            if (unaccounted.Contains(table.Name))
                continue;
            CutoverVerifier.Counts Now(CutoverVerifier.Counts then, Func<(int Source, int Target), int> side) =>
                new(then.Rows + keys.Sum(k => (mine.ContainsKey(k) ? 1 : 0) - (side(ledger.Keys[k]!.Value) >= 0 ? 1 : 0)),
                    ledger.Nulls.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => then.Nulls[x.c] +
                        keys.Sum(k => IsNull(mine.GetValueOrDefault(k, -1), x.i) - IsNull(side(ledger.Keys[k]!.Value), x.i)), StringComparer.Ordinal));
            results[table.Name] = CutoverVerifier.Compared(table.Name, Now(ledger.Source, b => b.Source), Now(ledger.Target, b => b.Target),
                held[table.Name].Count, states);
        }
        if (unaccounted.Count > 0)
            foreach (var v in await countInFull(counted.Where(t => unaccounted.Contains(t.Name)).ToList()))
                results[v.Table] = v;
        return (counted.Select(t => results[t.Name]).ToList(), keysCompared, reachedCompared);

        bool Changed(string name) => _touched.Contains(name) || (_ledgers.TryGetValue(name, out var l) && l.Keys.Count > 0);
    }

    private static int IsNull(int mask, int column) => mask >= 0 && (mask & (1 << column)) != 0 ? 1 : 0;

    private static string NullNames(Ledger ledger, int mask) =>
        string.Join(", ", ledger.Nulls.Where((_, i) => IsNull(mask, i) == 1).DefaultIfEmpty("none"));

    private static void Merge(Dictionary<string, int> into, List<(string Key, int Mask)> rows)
    {
        foreach (var (key, mask) in rows)
            into[key] = mask;
    }

    /// <summary>
    /// Moves the keys applied since the last call into L, and L grows by the rows they reach (through every reaching
    /// foreign key, in both snapshots, and with <paramref name="now"/> in the tables as they are now too), down every
    /// generation. Returns the rows reached, by table.
    /// </summary>
    private async Task<Dictionary<string, HashSet<string>>> GrowAsync(MySqlConnection my, NpgsqlConnection pg, IReadOnlyList<BadValue> quarantine,
        CancellationToken ct, bool now = false)
    {
        Dictionary<string, HashSet<string>> frontier;
        lock (_applied)
        {
            frontier = new Dictionary<string, HashSet<string>>(_applied, StringComparer.Ordinal);
            _applied.Clear();
        }
        foreach (var (table, keys) in frontier)
            if (_ledgers.TryGetValue(table, out var ledger))
                foreach (var key in keys)
                    ledger.Keys.TryAdd(key, null);
        var reached = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        while (frontier.Values.Any(f => f.Count > 0))
        {
            var next = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var reach in _reaches.Where(r => r.Column is not null && _ledgers.ContainsKey(r.Child) && frontier.GetValueOrDefault(r.Parent)?.Count > 0))
            {
                var child = _ledgers[reach.Child];
                var parentType = _byName[reach.Parent].KeyType;
                var set = reached.TryGetValue(reach.Child, out var r) ? r : reached[reach.Child] = child.Table.KeySet();
                foreach (var chunk in frontier[reach.Parent].Order(StringComparer.Ordinal).Chunk(KeysPerRead))
                {
                    var found = new List<string>();
                    found.AddRange(await SourceChildrenAsync(child.At.My, child.At.MyTx, child.Table, reach.Column!, chunk, ct));
                    found.AddRange(await TargetChildrenAsync(child.At.Pg, child.At.PgTx, child.Table, reach.Column!, parentType, chunk, ct));
                    if (now)
                    {
                        found.AddRange(await SourceChildrenAsync(my, null, child.Table, reach.Column!, chunk, ct));
                        found.AddRange(await TargetChildrenAsync(pg, null, child.Table, reach.Column!, parentType, chunk, ct));
                    }
                    foreach (var key in found.Where(set.Add))
                    {
                        child.Keys.TryAdd(key, null);
                        (next.TryGetValue(reach.Child, out var n) ? n : next[reach.Child] = child.Table.KeySet()).Add(key);
                    }
                }
            }
            frontier = next;
        }
        var quarantined = quarantine.Select(q => (q.Table, q.Key)).ToHashSet();
        foreach (var (table, keys) in reached)
            keys.RemoveWhere(k => quarantined.Contains((table, k)));
        return reached;
    }

    // L's keys not looked up yet in the snapshots: their state there.
    private async Task BeforeAsync(CancellationToken ct)
    {
        foreach (var ledger in _ledgers.Values)
        {
            var missing = ledger.Keys.Where(k => k.Value is null).Select(k => k.Key).Order(StringComparer.Ordinal).ToArray();
            foreach (var chunk in missing.Chunk(KeysPerRead))
            {
                var mine = SourceMasksAsync(ledger.At.My, ledger.At.MyTx, ledger, chunk, ct);
                var theirs = TargetMasksAsync(ledger.At.Pg, ledger.At.PgTx, ledger, chunk, ct);
                var source = new Dictionary<string, int>(ledger.Table.KeyComparer);
                var target = new Dictionary<string, int>(ledger.Table.KeyComparer);
                Merge(source, await mine);
                Merge(target, await theirs);
                foreach (var key in chunk)
                    ledger.Keys[key] = (source.GetValueOrDefault(key, -1), target.GetValueOrDefault(key, -1));
            }
        }
    }

    // The keys' rows (in the snapshot when given): each key found, with the mask of its SET NULL columns that are NULL.
    private static async Task<List<(string Key, int Mask)>> SourceMasksAsync(MySqlConnection my, MySqlTransaction? snapshot, Ledger ledger, string[] keys,
        CancellationToken ct)
    {
        var mask = ledger.Nulls.Count == 0 ? "0" : string.Join(" | ", ledger.Nulls.Select((c, i) => $"(({SourceDatabase.Quote(c)} IS NULL) << {i})"));
        var rows = await my.QueryAsync<(string, long)>(new CommandDefinition(
            $"SELECT CAST({SourceDatabase.Quote(ledger.Table.Plan.Key)} AS CHAR), CAST({mask} AS SIGNED) FROM {SourceDatabase.Quote(ledger.Table.Name)} " +
            $"WHERE {SourceDatabase.Quote(ledger.Table.Plan.Key)} IN ({string.Join(", ", keys.Select((_, i) => "@k" + i))})",
            Parameters(keys), snapshot, cancellationToken: ct));
        return rows.Select(r => (r.Item1, (int)r.Item2)).ToList();
    }

    private static async Task<List<(string Key, int Mask)>> TargetMasksAsync(NpgsqlConnection pg, NpgsqlTransaction? snapshot, Ledger ledger, string[] keys,
        CancellationToken ct)
    {
        var mask = ledger.Nulls.Count == 0 ? "0" : string.Join(" | ", ledger.Nulls.Select((c, i) => $"(CASE WHEN {TargetDatabase.Quote(c)} IS NULL THEN {1 << i} ELSE 0 END)"));
        var rows = await pg.QueryAsync<(string, int)>(new CommandDefinition(
            $"SELECT CAST({TargetDatabase.Quote(ledger.Table.Plan.Key)} AS text), {mask} FROM {TargetDatabase.Quote(ledger.Table.Name)} " +
            $"WHERE {TargetDatabase.Quote(ledger.Table.Plan.Key)} = ANY(CAST(@keys AS {ledger.Table.KeyType}[]))",
            new { keys }, snapshot, cancellationToken: ct));
        return rows.ToList();
    }

    private static async Task<List<string>> SourceChildrenAsync(MySqlConnection my, MySqlTransaction? snapshot, SyncTable child, string column,
        string[] parents, CancellationToken ct) =>
        (await my.QueryAsync<string>(new CommandDefinition(
            $"SELECT CAST({SourceDatabase.Quote(child.Plan.Key)} AS CHAR) FROM {SourceDatabase.Quote(child.Name)} " +
            $"WHERE {SourceDatabase.Quote(column)} IN ({string.Join(", ", parents.Select((_, i) => "@k" + i))})",
            Parameters(parents), snapshot, cancellationToken: ct))).ToList();

    private static async Task<List<string>> TargetChildrenAsync(NpgsqlConnection pg, NpgsqlTransaction? snapshot, SyncTable child, string column,
        string parentKeyType, string[] parents, CancellationToken ct) =>
        (await pg.QueryAsync<string>(new CommandDefinition(
            $"SELECT CAST({TargetDatabase.Quote(child.Plan.Key)} AS text) FROM {TargetDatabase.Quote(child.Name)} " +
            $"WHERE {TargetDatabase.Quote(column)} = ANY(CAST(@parents AS {parentKeyType}[]))",
            new { parents }, snapshot, cancellationToken: ct))).ToList();

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
