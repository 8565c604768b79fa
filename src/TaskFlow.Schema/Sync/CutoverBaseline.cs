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
/// or through a foreign-key action of such a row, which MySQL does without a trigger. The ledger L holds those rows: the
/// keys not checked when the counts were taken, every key applied since, and the rows their foreign-key actions can reach,
/// down every generation: children through every reaching foreign key of either side, found in both snapshots, in the
/// tables as they are now, and among L's rows by the parent they referenced when last read. The rows outside L are what
/// they were in the snapshots, so a side's count now is its snapshot count, minus L's rows in its snapshot, plus L's rows
/// now; both sides' counts (and NULLs of SET NULL keys) must agree.
/// </para>
/// <para>
/// Each pass (<see cref="PrepareAsync"/> while writes still go on, as often as it takes to catch up, then
/// <see cref="VerifyAsync"/> in the window) handles only what was applied since the pass before: the rows that reaches,
/// compared row by row; those rows and the applied ones read again on both sides (present, which SET NULL columns are
/// NULL, the parents they reference). A row of L not read again is as it was when last read, on both sides: any later
/// change of it was applied (so read again) or reached (so read again). In the window every row of L must stand alike on
/// both sides. A table this cannot account for (its quarantine changed, or it is reached by a foreign key of several
/// columns, or not to its parent's key) is counted again in full.
/// </para>
/// </summary>
internal sealed class CutoverBaseline : IAsyncDisposable
{
    private const int KeysPerRead = 500;
    private const int Unknown = -2;
    private const int Absent = -1;

    private readonly List<Snapshots> _snapshots = [];
    private readonly ConcurrentDictionary<string, Ledger> _ledgers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _applied = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private IReadOnlyList<Reach> _reaches = [];
    private IReadOnlyDictionary<string, SyncTable> _byName = new Dictionary<string, SyncTable>();

    private sealed record Snapshots(MySqlConnection My, MySqlTransaction MyTx, NpgsqlConnection Pg, NpgsqlTransaction PgTx);

    // A row of L. Masks: Unknown until read, Absent, or bit i set when the i-th SET NULL column is NULL; the parents it
    // referenced when last read now, by the ledger's reach columns, on each side.
    private sealed class Entry
    {
        public (int Source, int Target)? Before { get; set; }
        public int NowSource { get; set; } = Unknown;
        public int NowTarget { get; set; } = Unknown;
        public string?[] ParentsSource { get; set; } = [];
        public string?[] ParentsTarget { get; set; } = [];
    }

    // One counted table: its snapshots and counts, L's rows, and the rows reached that still differed when last compared.
    private sealed class Ledger(SyncTable table, Snapshots at, CutoverVerifier.Counts source, CutoverVerifier.Counts target, string[] held,
        IReadOnlyList<string> reachColumns)
    {
        public SyncTable Table { get; } = table;
        public Snapshots At { get; } = at;
        public CutoverVerifier.Counts Source { get; } = source;
        public CutoverVerifier.Counts Target { get; } = target;
        public string[] Held { get; } = held;
        public List<string> Nulls { get; } = CutoverVerifier.SetNullColumns(table.Plan).ToList();
        public IReadOnlyList<string> ReachColumns { get; } = reachColumns;
        public Dictionary<string, Entry> Rows { get; } = new(table.KeyComparer);
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

    /// <summary>The rows reached and compared by <see cref="PrepareAsync"/>, before writes stopped.</summary>
    public long ReachedBefore { get; private set; }

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
                    var columns = baseline._reaches.Where(r => r.Child == table.Name && r.Column is not null).Select(r => r.Column!).Distinct().ToList();
                    baseline._ledgers[table.Name] = new Ledger(table, at, await mine, await theirs, held, columns);
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
    /// A pass before writes stop, once the keys applied since the last pass are compared (the pre-check): the rows they
    /// reach compared (those that differ are compared again later), and all of those read again on both sides. Returns
    /// the rows reached.
    /// </summary>
    public async Task<long> PrepareAsync(MySqlConnection my, NpgsqlConnection pg, IReadOnlyList<BadValue> quarantine, CancellationToken ct)
    {
        var (applied, reached) = await GrowAsync(my, pg, quarantine, false, ct);
        foreach (var ledger in _ledgers.Values)
        {
            var compare = ledger.Table.KeySet(reached.GetValueOrDefault(ledger.Table.Name) ?? []);
            compare.UnionWith(ledger.Unsettled);
            foreach (var chunk in compare.Order(StringComparer.Ordinal).Chunk(KeysPerRead))
            {
                var (differences, _) = await CutoverVerifier.CompareRowsAsync(my, pg, ledger.Table, chunk, ct);
                ledger.Unsettled.ExceptWith(chunk);
                ledger.Unsettled.UnionWith(differences.Select(d => d.Key));
            }
        }
        await ReadAsync(my, pg, applied, reached, ct);
        var count = reached.Sum(r => (long)r.Value.Count);
        ReachedBefore += count;
        return count;
    }

    /// <summary>
    /// In the window, after the drain: the keys not checked and what they reach compared row by row, L read again where it
    /// can have changed, every row of L found alike on both sides, and every counted table's counts brought forward from the
    /// snapshots; the first difference throws. Tables that cannot be accounted for this way are handed to
    /// <paramref name="countInFull"/>. Returns the verifications (in the order of <paramref name="tables"/>), the changed
    /// keys compared and the rows reached compared.
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
        var (applied, reached) = await GrowAsync(my, pg, quarantine, true, ct);

        // A quarantine record released since the counts (its row applied fine) changes what they left out.
        var unaccounted = counted.Where(t => !held[t.Name].SetEquals(_ledgers[t.Name].Held)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var reach in _reaches.Where(r => _ledgers.ContainsKey(r.Child)))
                if ((unaccounted.Contains(reach.Parent) || (reach.Column is null && Changed(reach.Parent))) && unaccounted.Add(reach.Child))
                    grown = true;
        }

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
        }
        await ReadAsync(my, pg, applied, reached, ct);

        var results = new Dictionary<string, TableVerification>(StringComparer.Ordinal);
        foreach (var table in counted)
        {
            var ledger = _ledgers[table.Name];
            var rows = ledger.Rows.Where(r => !held[table.Name].Contains(r.Key)).ToList();
            foreach (var (key, row) in rows.Where(r => r.Value.NowSource != r.Value.NowTarget).OrderBy(r => r.Key, StringComparer.Ordinal))
                throw CutoverVerifier.Failed(table.Name, $"key {key}: " + (row.NowSource, row.NowTarget) switch
                {
                    (Absent, _) => "row is in the target but not in the source",
                    (_, Absent) => "row is in the source but not in the target",
                    var (m, t) => $"columns NULL in the source: {NullNames(ledger, m)}; in the target: {NullNames(ledger, t)}",
                });
            if (unaccounted.Contains(table.Name))
                continue;
            CutoverVerifier.Counts Now(CutoverVerifier.Counts then, Func<(int Source, int Target), int> side) =>
                new(then.Rows + rows.Sum(r => (r.Value.NowSource >= 0 ? 1 : 0) - (side(r.Value.Before!.Value) >= 0 ? 1 : 0)),
                    ledger.Nulls.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => then.Nulls[x.c] +
                        rows.Sum(r => IsNull(r.Value.NowSource, x.i) - IsNull(side(r.Value.Before!.Value), x.i)), StringComparer.Ordinal));
            results[table.Name] = CutoverVerifier.Compared(table.Name, Now(ledger.Source, b => b.Source), Now(ledger.Target, b => b.Target),
                held[table.Name].Count, states);
        }
        if (unaccounted.Count > 0)
            foreach (var v in await countInFull(counted.Where(t => unaccounted.Contains(t.Name)).ToList()))
                results[v.Table] = v;
        return (counted.Select(t => results[t.Name]).ToList(), keysCompared, reachedCompared);

        bool Changed(string name) => _touched.Contains(name) || (_ledgers.TryGetValue(name, out var l) && l.Rows.Count > 0);
    }

    private static int IsNull(int mask, int column) => mask >= 0 && (mask & (1 << column)) != 0 ? 1 : 0;

    private static string NullNames(Ledger ledger, int mask) =>
        string.Join(", ", ledger.Nulls.Where((_, i) => IsNull(mask, i) == 1).DefaultIfEmpty("none"));

    /// <summary>
    /// Moves the keys applied since the last pass into L, and L grows by the rows they reach (through every reaching
    /// foreign key: in both snapshots, among L's rows by the parents they referenced when last read, and with
    /// <paramref name="now"/> in the tables as they are now too), down every generation. Returns the keys applied and the
    /// rows reached, by table.
    /// </summary>
    private async Task<(Dictionary<string, HashSet<string>> Applied, Dictionary<string, HashSet<string>> Reached)> GrowAsync(MySqlConnection my,
        NpgsqlConnection pg, IReadOnlyList<BadValue> quarantine, bool now, CancellationToken ct)
    {
        Dictionary<string, HashSet<string>> frontier;
        lock (_applied)
        {
            frontier = new Dictionary<string, HashSet<string>>(_applied, StringComparer.Ordinal);
            _applied.Clear();
        }
        var applied = frontier;
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (table, keys) in frontier)
            if (_ledgers.TryGetValue(table, out var ledger))
            {
                foreach (var key in keys)
                    ledger.Rows.TryAdd(key, new Entry());
                seen[table] = ledger.Table.KeySet(keys);
            }
        var onlyReached = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        while (frontier.Values.Any(f => f.Count > 0))
        {
            var next = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var reach in _reaches.Where(r => r.Column is not null && _ledgers.ContainsKey(r.Child) && frontier.GetValueOrDefault(r.Parent)?.Count > 0))
            {
                var child = _ledgers[reach.Child];
                var parent = _byName[reach.Parent];
                var parents = frontier[reach.Parent];
                var found = new List<string>();
                var column = child.ReachColumns.ToList().IndexOf(reach.Column!);
                found.AddRange(child.Rows.Where(r => r.Value.ParentsSource.ElementAtOrDefault(column) is { } s && parents.Contains(s)
                    || r.Value.ParentsTarget.ElementAtOrDefault(column) is { } t && parents.Contains(t)).Select(r => r.Key));
                foreach (var chunk in parents.Order(StringComparer.Ordinal).Chunk(KeysPerRead))
                {
                    found.AddRange(await SourceChildrenAsync(child.At.My, child.At.MyTx, child.Table, reach.Column!, chunk, ct));
                    found.AddRange(await TargetChildrenAsync(child.At.Pg, child.At.PgTx, child.Table, reach.Column!, parent, chunk, ct));
                    if (now)
                    {
                        found.AddRange(await SourceChildrenAsync(my, null, child.Table, reach.Column!, chunk, ct));
                        found.AddRange(await TargetChildrenAsync(pg, null, child.Table, reach.Column!, parent, chunk, ct));
                    }
                }
                var set = seen.TryGetValue(reach.Child, out var s2) ? s2 : seen[reach.Child] = child.Table.KeySet();
                foreach (var key in found.Where(set.Add))
                {
                    child.Rows.TryAdd(key, new Entry());
                    (onlyReached.TryGetValue(reach.Child, out var o) ? o : onlyReached[reach.Child] = child.Table.KeySet()).Add(key);
                    (next.TryGetValue(reach.Child, out var n) ? n : next[reach.Child] = child.Table.KeySet()).Add(key);
                }
            }
            frontier = next;
        }
        var quarantined = quarantine.Select(q => (q.Table, q.Key)).ToHashSet();
        foreach (var (table, keys) in onlyReached)
            keys.RemoveWhere(k => quarantined.Contains((table, k)));
        return (applied, onlyReached);
    }

    // Reads again, on both sides, the rows applied or reached this pass, those that differed or were unknown, and looks
    // up in the snapshots the rows not looked up yet.
    private async Task ReadAsync(MySqlConnection my, NpgsqlConnection pg, Dictionary<string, HashSet<string>> applied,
        Dictionary<string, HashSet<string>> reached, CancellationToken ct)
    {
        foreach (var ledger in _ledgers.Values)
        {
            var again = ledger.Rows.Where(r => r.Value.NowSource == Unknown || r.Value.NowSource != r.Value.NowTarget).Select(r => r.Key)
                .Concat(applied.GetValueOrDefault(ledger.Table.Name) ?? []).Concat(reached.GetValueOrDefault(ledger.Table.Name) ?? [])
                .Concat(ledger.Unsettled).Where(ledger.Rows.ContainsKey).ToHashSet(ledger.Table.KeyComparer);
            foreach (var chunk in again.Order(StringComparer.Ordinal).Chunk(KeysPerRead))
            {
                var mine = SourceRowsAsync(my, null, ledger, chunk, ct);
                var theirs = TargetRowsAsync(pg, null, ledger, chunk, ct);
                var (source, target) = (await mine, await theirs);
                foreach (var key in chunk)
                {
                    var entry = ledger.Rows[key];
                    (entry.NowSource, entry.ParentsSource) = source.TryGetValue(key, out var s) ? s : (Absent, []);
                    (entry.NowTarget, entry.ParentsTarget) = target.TryGetValue(key, out var t) ? t : (Absent, []);
                }
            }
            var missing = ledger.Rows.Where(k => k.Value.Before is null).Select(k => k.Key).Order(StringComparer.Ordinal).ToArray();
            foreach (var chunk in missing.Chunk(KeysPerRead))
            {
                var mine = SourceRowsAsync(ledger.At.My, ledger.At.MyTx, ledger, chunk, ct);
                var theirs = TargetRowsAsync(ledger.At.Pg, ledger.At.PgTx, ledger, chunk, ct);
                var (source, target) = (await mine, await theirs);
                foreach (var key in chunk)
                    ledger.Rows[key].Before = (source.TryGetValue(key, out var s) ? s.Mask : Absent, target.TryGetValue(key, out var t) ? t.Mask : Absent);
            }
        }
    }

    // The keys' rows (in the snapshot when given): for each key found, the mask of its SET NULL columns that are NULL and
    // the values of its reach columns, as text.
    private static async Task<Dictionary<string, (int Mask, string?[] Parents)>> SourceRowsAsync(MySqlConnection my, MySqlTransaction? snapshot,
        Ledger ledger, string[] keys, CancellationToken ct)
    {
        var mask = ledger.Nulls.Count == 0 ? "0" : string.Join(" | ", ledger.Nulls.Select((c, i) => $"(({SourceDatabase.Quote(c)} IS NULL) << {i})"));
        var sql = $"SELECT CAST({SourceDatabase.Quote(ledger.Table.Plan.Key)} AS CHAR), CAST({mask} AS SIGNED)" +
            string.Concat(ledger.ReachColumns.Select(c => $", CAST({SourceDatabase.Quote(c)} AS CHAR)")) +
            $" FROM {SourceDatabase.Quote(ledger.Table.Name)} WHERE {SourceDatabase.Quote(ledger.Table.Plan.Key)} IN ({string.Join(", ", keys.Select((_, i) => "@k" + i))})";
        await using var command = new MySqlCommand(sql, my, snapshot);
        for (var i = 0; i < keys.Length; i++)
            command.Parameters.AddWithValue("@k" + i, keys[i]);
        var rows = new Dictionary<string, (int, string?[])>(ledger.Table.KeyComparer);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows[reader.GetString(0)] = ((int)reader.GetInt64(1),
                Enumerable.Range(2, ledger.ReachColumns.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i)).ToArray());
        return rows;
    }

    private static async Task<Dictionary<string, (int Mask, string?[] Parents)>> TargetRowsAsync(NpgsqlConnection pg, NpgsqlTransaction? snapshot,
        Ledger ledger, string[] keys, CancellationToken ct)
    {
        var mask = ledger.Nulls.Count == 0 ? "0" : string.Join(" | ", ledger.Nulls.Select((c, i) => $"(CASE WHEN {TargetDatabase.Quote(c)} IS NULL THEN {1 << i} ELSE 0 END)"));
        var sql = $"SELECT CAST({TargetDatabase.Quote(ledger.Table.Plan.Key)} AS text), {mask}" +
            string.Concat(ledger.ReachColumns.Select(c => $", CAST({TargetDatabase.Quote(c)} AS text)")) +
            $" FROM {TargetDatabase.Quote(ledger.Table.Name)} WHERE {TargetDatabase.Quote(ledger.Table.Plan.Key)} = ANY(CAST(@keys AS {ledger.Table.KeyType}[]))";
        await using var command = new NpgsqlCommand(sql, pg, snapshot);
        command.Parameters.AddWithValue("keys", ledger.Table.OnTarget(keys));
        var rows = new Dictionary<string, (int, string?[])>(ledger.Table.KeyComparer);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows[reader.GetString(0)] = (reader.GetInt32(1),
                Enumerable.Range(2, ledger.ReachColumns.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i)).ToArray());
        return rows;
    }

    private static async Task<List<string>> SourceChildrenAsync(MySqlConnection my, MySqlTransaction? snapshot, SyncTable child, string column,
        string[] parents, CancellationToken ct) =>
        (await my.QueryAsync<string>(new CommandDefinition(
            $"SELECT CAST({SourceDatabase.Quote(child.Plan.Key)} AS CHAR) FROM {SourceDatabase.Quote(child.Name)} " +
            $"WHERE {SourceDatabase.Quote(column)} IN ({string.Join(", ", parents.Select((_, i) => "@k" + i))})",
            Parameters(parents), snapshot, cancellationToken: ct))).ToList();

    private static async Task<List<string>> TargetChildrenAsync(NpgsqlConnection pg, NpgsqlTransaction? snapshot, SyncTable child, string column,
        SyncTable parent, string[] parents, CancellationToken ct) =>
        (await pg.QueryAsync<string>(new CommandDefinition(
            $"SELECT CAST({TargetDatabase.Quote(child.Plan.Key)} AS text) FROM {TargetDatabase.Quote(child.Name)} " +
            $"WHERE {TargetDatabase.Quote(column)} = ANY(CAST(@parents AS {parent.KeyType}[]))",
            new { parents = parent.OnTarget(parents) }, snapshot, cancellationToken: ct))).ToList();

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

    // The source's own foreign keys with an action (the target may lack one MySQL still follows).
    private static async Task<List<(string, string, IReadOnlyList<string>, IReadOnlyList<string>)>> SourceReachesAsync(MySqlConnection my, CancellationToken ct)
    {
        static bool Acts(string rule) => rule is "CASCADE" or "SET NULL" or "SET DEFAULT";
        return (await Dialects.MySql.MySqlInspector.ForeignKeysAsync(my, ct)).Where(f => Acts(f.DeleteRule) || Acts(f.UpdateRule))
            .Select(f => (f.Table, f.Parent, f.Columns, f.ParentColumns)).ToList();
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
