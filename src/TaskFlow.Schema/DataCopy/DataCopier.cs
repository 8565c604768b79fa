using System.Reflection;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Copies a TaskFlow database from MySQL to PostgreSQL: target brought to the source's step by the
/// migrations, tables streamed into binary COPY in foreign-key order, indexes and foreign keys
/// rebuilt after the data, identity positions restored, then both sides compared.
/// </summary>
public sealed class DataCopier
{
    private readonly SourceDatabase _source;
    private readonly TargetDatabase _target;
    private readonly Assembly _migrations;
    private readonly IRunLog _log;
    private readonly ICopyProgress _progress;

    /// <summary>Creates a copier from a MySQL <paramref name="source"/> to a PostgreSQL <paramref name="target"/>.</summary>
    public DataCopier(ConnectionTarget source, ConnectionTarget target, Assembly migrations, IRunLog log, ICopyProgress progress)
    {
        if (source.Engine != DatabaseEngine.MySql)
            throw new SchemaException($"--from must be a MySQL or MariaDB database, not {source.Display}.");
        _source = new SourceDatabase(source);
        _target = new TargetDatabase(target);
        _migrations = migrations;
        _log = log;
        _progress = progress;
    }

    /// <summary>Copies every table (resuming a previous run into the same target), then verifies unless told not to.</summary>
    public async Task<CopyResult> CopyAsync(CopyOptions options, CancellationToken ct)
    {
        if (options.OnError == ErrorPolicy.Quarantine && string.IsNullOrWhiteSpace(options.QuarantineFile))
            throw new SchemaException("--on-error quarantine needs --quarantine-file FILE to write the set-aside rows to.");
        if (!string.IsNullOrWhiteSpace(options.QuarantineFile))
            QuarantineFile.CheckWritable(options.QuarantineFile);
        await using var my = await _source.OpenAsync(ct);
        var version = await SourceVersionAsync(my, options.FromVersion, ct);

        await using var pg = await OpenTargetAsync(ct);
        await using var copyLock = await _target.LockAsync(pg, ct);

        var run = await TargetDatabase.ReadRunAsync(pg, ct);
        if (run is null)
        {
            if (await TargetDatabase.CountObjectsAsync(pg, ct) > 0)
                throw new SchemaException($"{_target.Display} is not empty and holds no copy in progress: copy-data fills an empty database (create one with CREATE DATABASE).");
            await TargetDatabase.StartAsync(pg, _source.Target.Display, version, options.Capture, ct);
            _log.Info($"Copying {_source.Target.Display} (step {version}) into {_target.Display}.");
        }
        else if (run.Source != _source.Target.Display)
        {
            throw new SchemaException($"{_target.Display} holds an unfinished copy of {run.Source}, not of {_source.Target.Display}: " +
                "resume it with that --from, or start again with an empty target database.");
        }
        else if (run.Capture != options.Capture)
        {
            throw new SchemaException(run.Capture is null
                ? $"{_target.Display} holds copy-data's copy, which no change capture saw: a sync makes its own full copy into an empty database."
                : $"{_target.Display} holds the full copy of a sync in progress: resume it with `taskflow-schema sync`, or copy into an empty database.");
        }
        else if (run.SourceVersion != version)
        {
            throw new SchemaException($"{_target.Display} holds a copy of a source at step {run.SourceVersion}, but the source is at step {version}: start again with an empty database.");
        }
        else
        {
            _log.Info($"Resuming the copy into {_target.Display} (source {run.Source}, step {version}).");
        }

        await new SchemaMigrator(_target.Target, _migrations, _log).UpAsync(version, ct);
        var applied = await TargetDatabase.AppliedVersionAsync(pg, ct);
        if (applied != version)
            throw new SchemaException($"{_target.Display} is at step {applied}, past the source's step {version}: copy into an empty database.");

        // The connection pool loaded its types before the migrations created the enum types.
        await pg.ReloadTypesAsync(ct);
        var catalog = await TargetCatalog.ReadAsync(pg, ct);
        await RefuseCollisionsAsync(my, pg, ct);
        if (run is not { Prepared: true })
            await TargetDatabase.PrepareAsync(pg, catalog, catalog.Tables.Keys.OrderBy(t => t, StringComparer.Ordinal), ct);
        var foreignKeys = catalog.ForeignKeys.Concat(await TargetDatabase.DeferredForeignKeysAsync(pg, ct)).DistinctBy(f => f.Name).ToList();
        var plans = TablePlanner.Plan(catalog, foreignKeys, await _source.ColumnsAsync(my, ct));
        var estimates = await _source.EstimatesAsync(my, ct);

        var states = await TargetDatabase.TablesAsync(pg, ct);
        var loader = new TableLoader(_source, _target, options.OnError, hash: options.Verify, _progress, await TargetDatabase.DeferredAsync(pg, ct),
            options.TestHook, options.LiveSource);
        var verifier = new DataVerifier(_source, _target, _progress);
        var copies = plans.ToDictionary(p => p.Name, p => new TableCopy(p, estimates.GetValueOrDefault(p.Name), states.GetValueOrDefault(p.Name),
            loader, _source, _target, verifier, options.Verify, _progress, options.LiveSource), StringComparer.Ordinal);
        var results = await TableScheduler.RunAsync(plans, options.Parallelism, (plan, slot, token) => copies[plan.Name].RunAsync(slot, token), ct);

        // Every table's load puts its own indexes and foreign keys back, in its transaction.
        if ((await TargetDatabase.DeferredAsync(pg, ct)).Select(d => d.Name).ToList() is { Count: > 0 } left)
            throw new SchemaException($"Indexes or foreign keys were not restored after the load: {string.Join(", ", left)}.");
        await TargetDatabase.FinishAsync(pg, ct);
        var quarantine = await TargetDatabase.QuarantineAsync(pg, ct);
        if (!string.IsNullOrWhiteSpace(options.QuarantineFile))
            await QuarantineFile.WriteAsync(options.QuarantineFile, quarantine, ct);
        else if (quarantine.Count > 0)
            _log.Warn($"{quarantine.Count} row(s) of an earlier run are quarantined in taskflow_copy_quarantine; pass --quarantine-file to write them out.");

        var tables = plans.Select(p => results[p.Name]).ToList();
        if (options.Verify)
        {
            // Only what this run loaded is checked against the checksum of its load; the rest is read again from the source.
            var loaded = await LoadedSidesAsync(pg, ct);
            // A live source changes by design: each table is checked against what its load read (this run's or an earlier one's);
            // the changes since are captured, applied, and compared key by key at the cut-over.
            var checkable = options.LiveSource ? plans.Where(p => copies[p.Name].TargetHash is not null && loaded.ContainsKey(p.Name)).ToList() : plans;
            await VerifyPlansAsync(checkable, tables, quarantine, options.Parallelism,
                p => (copies[p.Name].Estimate, copies[p.Name].TargetHash is { } hash && loaded.TryGetValue(p.Name, out var side) ? (side, hash) : null), ct);
            await TargetDatabase.MarkVerifiedAsync(pg, tables.Where(t => t.Verification is { Matches: true }).Select(t => t.Table).ToList(), ct);
        }
        return new CopyResult(_source.Target.Display, _target.Display, version, tables, options.Verify);
    }

    /// <summary>
    /// The rehearsal: what would compare otherwise on the target and which source rows would collide there, learned on
    /// a temporary database the migrations bring to the source's step on the target's server. Changes nothing else.
    /// </summary>
    public async Task<SemanticsReport> RehearseAsync(long? fromVersion, CancellationToken ct)
    {
        await using var my = await _source.OpenAsync(ct);
        var version = await SourceVersionAsync(my, fromVersion, ct);
        var renderer = new Rendering.MigrationRenderer(DialectRegistry.Dialect(DatabaseEngine.PostgreSql), _migrations);
        await using var shadow = await ShadowDatabase.CreateAsync(_target.Target, null, _log, ct);
        await shadow.ApplyAsync(renderer.RenderUpTo(version), ct);
        await using var pg = (NpgsqlConnection)await DialectRegistry.Driver(DatabaseEngine.PostgreSql).OpenAsync(shadow.Target, null, ct);
        return await SemanticsReport.BuildAsync(_source.Target.Display, _target.Display, version, my, pg, ct);
    }

    /// <summary>
    /// Compares every table of the target with the source, or only the tables <paramref name="only"/> names (quarantined rows
    /// of a copy left out).
    /// </summary>
    public async Task<CopyResult> VerifyAsync(int parallelism, CancellationToken ct, IReadOnlySet<string>? only = null)
    {
        await using var my = await _source.OpenAsync(ct);
        await using var pg = await OpenTargetAsync(ct);
        var run = await TargetDatabase.ReadRunAsync(pg, ct);
        var catalog = await TargetCatalog.ReadAsync(pg, ct);
        // The foreign keys tell verification which quarantined rows are still orphans.
        var plans = TablePlanner.Plan(catalog, catalog.ForeignKeys, await _source.ColumnsAsync(my, ct)).Where(p => only?.Contains(p.Name) != false).ToList();
        var quarantine = run is null ? [] : await TargetDatabase.QuarantineAsync(pg, ct);
        var estimates = await _source.EstimatesAsync(my, ct);
        var tables = plans.Select(p => new TableCopyResult(p.Name, 0, quarantine.Count(q => q.Table == p.Name), 0, Skipped: true)).ToList();
        // Standalone verification always reads both sides: the source may have changed since the copy.
        await VerifyPlansAsync(plans, tables, quarantine, parallelism, p => (estimates.GetValueOrDefault(p.Name), null), ct);
        return new CopyResult(_source.Target.Display, _target.Display, run?.SourceVersion ?? 0,
            tables.Select(t => t with { Rows = t.Verification!.TargetRows }).ToList(), Verified: true);
    }

    // Rows a unique index of the target would refuse as equal are named now, not met as a unique violation halfway.
    private async Task RefuseCollisionsAsync(MySqlConnection my, NpgsqlConnection pg, CancellationToken ct)
    {
        var collisions = await CollationCollisions.FindAsync(my, pg, 20, ct);
        if (collisions.Count == 0)
            return;
        foreach (var collision in collisions)
            _log.Warn(collision.ToString());
        throw new SchemaException(
            $"{collisions.Count}{(collisions.Count == 20 ? " or more" : "")} group(s) of source rows are equal under the target's collation (listed above), " +
            "and nothing more was loaded: make their values distinct at the source, then run again.");
    }

    private async Task<long> SourceVersionAsync(MySqlConnection my, long? fromVersion, CancellationToken ct)
    {
        var recorded = await _source.AppliedVersionAsync(my, ct);
        if (recorded is { } v && fromVersion is { } f && v != f)
            throw new SchemaException($"The source's {HistoryTable.Name} says step {v}, but --from-version says {f}: drop --from-version.");
        return recorded ?? fromVersion ?? throw new SchemaException(
            $"{_source.Target.Display} has no {HistoryTable.Name} table, so its step is unknown: pass --from-version VERSION " +
            "(202507210000 for the production baseline), or adopt the database with `taskflow-schema baseline` first.");
    }

    // The source side of each table as its load hashed it (this run or, for a table done earlier, the run that loaded it).
    private static async Task<Dictionary<string, DataVerifier.SourceSide>> LoadedSidesAsync(NpgsqlConnection pg, CancellationToken ct) =>
        (await TargetDatabase.TablesAsync(pg, ct)).Values
            .Where(s => s is { Status: TargetDatabase.Done, SourceChecksum: not null, SourceHashedRows: not null })
            .ToDictionary(s => s.TableName, s => new DataVerifier.SourceSide(s.SourceHashedRows!.Value, s.SourceChecksum!, s.RowsQuarantined ?? 0),
                StringComparer.Ordinal);

    // Each table compared on its own schedule: against the checksum of its load where there is one, else with the source.
    private async Task VerifyPlansAsync(IReadOnlyList<TablePlan> plans, List<TableCopyResult> tables, List<BadValue> quarantine, int parallelism,
        Func<TablePlan, (long Estimate, (DataVerifier.SourceSide Source, (long Rows, string Checksum) Target)? Loaded)> known, CancellationToken ct)
    {
        var verifier = new DataVerifier(_source, _target, _progress);
        var results = await TableScheduler.RunAsync(plans, parallelism, (plan, token) =>
        {
            var keys = quarantine.Where(q => q.Table == plan.Name).Select(q => q.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var (estimate, loaded) = known(plan);
            return verifier.VerifyAsync(plan, keys, estimate, loaded, token);
        }, ct);
        foreach (var t in tables.Where(t => results.ContainsKey(t.Table)))
            t.Verification = results[t.Table];
    }

    private Task<NpgsqlConnection> OpenTargetAsync(CancellationToken ct) => _target.OpenAsync(_log.Warn, ct);
}
