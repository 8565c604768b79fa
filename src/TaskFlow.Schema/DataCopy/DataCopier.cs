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
    private readonly ConnectionTarget _target;
    private readonly Assembly _migrations;
    private readonly IRunLog _log;
    private readonly ICopyProgress _progress;

    /// <summary>Creates a copier from a MySQL <paramref name="source"/> to a PostgreSQL <paramref name="target"/>.</summary>
    public DataCopier(ConnectionTarget source, ConnectionTarget target, Assembly migrations, IRunLog log, ICopyProgress progress)
    {
        if (source.Engine != DatabaseEngine.MySql)
            throw new SchemaException($"--from must be a MySQL or MariaDB database, not {source.Display}.");
        if (target.Engine != DatabaseEngine.PostgreSql)
            throw new SchemaException($"--to must be a PostgreSQL database, not {target.Display}.");
        _source = new SourceDatabase(source);
        // No statement of a copy has a useful time limit: a child's foreign-key check waits for its
        // parent's load to commit, and index builds and checks over millions of rows take minutes.
        // Larger buffers than Npgsql's 8 KB: COPY and the read-back move hundreds of MB in few, larger
        // socket calls and TLS records.
        _target = target with
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(target.ConnectionString)
            {
                CommandTimeout = 0, WriteBufferSize = 64 * 1024, ReadBufferSize = 64 * 1024,
            }.ConnectionString,
        };
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
        var driver = DialectRegistry.Driver(DatabaseEngine.PostgreSql);
        var lockKey = "taskflow-copy-data:" + _target.Database;
        if (!await driver.TryLockAsync(pg, lockKey, ct))
            throw new SchemaException($"Another copy-data is running into {_target.Display}; wait for it or stop it.");

        var run = await CopyState.ReadRunAsync(pg, ct);
        if (run is null)
        {
            if (await CopyState.CountObjectsAsync(pg, ct) > 0)
                throw new SchemaException($"{_target.Display} is not empty and holds no copy in progress: copy-data fills an empty database (create one with CREATE DATABASE).");
            await CopyState.StartAsync(pg, _source.Target.Display, version, ct);
            _log.Info($"Copying {_source.Target.Display} (step {version}) into {_target.Display}.");
        }
        else if (run.Source != _source.Target.Display)
        {
            throw new SchemaException($"{_target.Display} holds an unfinished copy of {run.Source}, not of {_source.Target.Display}: " +
                "resume it with that --from, or start again with an empty target database.");
        }
        else if (run.SourceVersion != version)
        {
            throw new SchemaException($"{_target.Display} holds a copy of a source at step {run.SourceVersion}, but the source is at step {version}: start again with an empty database.");
        }
        else
        {
            _log.Info($"Resuming the copy into {_target.Display} (source {run.Source}, step {version}).");
        }

        await new SchemaMigrator(_target, _migrations, _log).UpAsync(version, ct);
        var applied = await pg.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT MAX(version) FROM {HistoryTable.Name}", cancellationToken: ct));
        if (applied != version)
            throw new SchemaException($"{_target.Display} is at step {applied}, past the source's step {version}: copy into an empty database.");

        // The connection pool loaded its types before the migrations created the enum types.
        await pg.ReloadTypesAsync(ct);
        var catalog = await TargetCatalog.ReadAsync(pg, ct);
        if (run is not { Prepared: true })
            await CopyState.PrepareAsync(pg, catalog, catalog.Tables.Keys.OrderBy(t => t, StringComparer.Ordinal), ct);
        var foreignKeys = catalog.ForeignKeys.Concat(await CopyState.DeferredForeignKeysAsync(pg, ct)).DistinctBy(f => f.Name).ToList();
        var plans = TablePlanner.Plan(catalog, foreignKeys, await _source.ColumnsAsync(my, ct));
        var estimates = await _source.EstimatesAsync(my, ct);

        var states = await CopyState.TablesAsync(pg, ct);
        var loader = new TableLoader(_source, _target, options.OnError, hash: options.Verify, _progress, await CopyState.DeferredAsync(pg, ct), options.LiveSource);
        var verifier = new DataVerifier(_source, _target, _progress);
        var hashed = new System.Collections.Concurrent.ConcurrentDictionary<string, (long Rows, string Checksum)>(StringComparer.Ordinal);
        var results = await TableScheduler.RunAsync(plans, options.Parallelism, async (plan, slot, token) =>
        {
            var estimate = estimates.GetValueOrDefault(plan.Name);
            var skipped = states.TryGetValue(plan.Name, out var state) && state.Status == CopyState.Done;
            var result = skipped ? await SkipAsync(plan, state!, options.LiveSource, token) : await loader.LoadAsync(plan, estimate, slot.WaitForParentsAsync, token);
            slot.Finish();
            // Statistics for the planner's first queries after the switch (a table loaded by an earlier run may have
            // been killed before its ANALYZE).
            await loader.AnalyzeAsync(plan, token);
            // The target side of verification, as soon as the table is committed (the rebuild of indexes and foreign
            // keys does not change its rows), so it overlaps with the other tables' loads; it is heavy, so it takes a slot.
            // A table finished by an earlier run is compared with the source as it is now instead, after the load.
            // On a live source, a table whose orphans were left to the captured changes has no checksum to compare with.
            if (options.Verify && !skipped && !(options.LiveSource && result.LiveOrphans > 0))
            {
                await slot.AcquireAsync();
                hashed[plan.Name] = await verifier.HashTargetAsync(plan, estimate, token);
            }
            return result;
        }, ct);

        await RestoreDeferredAsync(options.Parallelism, ct);
        await CopyState.FinishAsync(pg, ct);
        var quarantine = await CopyState.QuarantineAsync(pg, ct);
        if (!string.IsNullOrWhiteSpace(options.QuarantineFile))
            await QuarantineFile.WriteAsync(options.QuarantineFile, quarantine, ct);
        else if (quarantine.Count > 0)
            _log.Warn($"{quarantine.Count} row(s) of an earlier run are quarantined in taskflow_copy_quarantine; pass --quarantine-file to write them out.");

        var tables = plans.Select(p => results[p.Name]).ToList();
        // Only what this run loaded is checked against the checksum of its load; the rest is read again from the source.
        var loadedNow = (await LoadedSidesAsync(pg, ct)).Where(s => results.TryGetValue(s.Key, out var r) && !r.Skipped).ToDictionary(StringComparer.Ordinal);
        if (options.Verify)
            // A live source is compared at the cut-over, when it no longer changes: here only what this run loaded is checked.
            await VerifyPlansAsync(options.LiveSource ? plans.Where(p => hashed.ContainsKey(p.Name) && loadedNow.ContainsKey(p.Name)).ToList() : plans,
                tables, quarantine, estimates, options.Parallelism, loadedNow, hashed, ct);
        await driver.UnlockAsync(pg, lockKey, ct);
        return new CopyResult(_source.Target.Display, _target.Display, version, tables, options.Verify);
    }

    /// <summary>Compares every table of the target with the source (quarantined rows of a copy left out).</summary>
    public async Task<CopyResult> VerifyAsync(int parallelism, CancellationToken ct)
    {
        await using var my = await _source.OpenAsync(ct);
        await using var pg = await OpenTargetAsync(ct);
        var run = await CopyState.ReadRunAsync(pg, ct);
        var catalog = await TargetCatalog.ReadAsync(pg, ct);
        // The foreign keys tell verification which quarantined rows are still orphans.
        var plans = TablePlanner.Plan(catalog, catalog.ForeignKeys, await _source.ColumnsAsync(my, ct));
        var quarantine = run is null ? [] : await CopyState.QuarantineAsync(pg, ct);
        var estimates = await _source.EstimatesAsync(my, ct);
        var tables = plans.Select(p => new TableCopyResult(p.Name, 0, quarantine.Count(q => q.Table == p.Name), 0, Skipped: true)).ToList();
        // Standalone verification always reads both sides: the source may have changed since the copy.
        await VerifyPlansAsync(plans, tables, quarantine, estimates, parallelism, new Dictionary<string, DataVerifier.SourceSide>(),
            new Dictionary<string, (long, string)>(), ct);
        return new CopyResult(_source.Target.Display, _target.Display, run?.SourceVersion ?? 0,
            tables.Select(t => t with { Rows = t.Verification!.TargetRows }).ToList(), Verified: true);
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

    private async Task<TableCopyResult> SkipAsync(TablePlan plan, CopyState.TableState state, bool live, CancellationToken ct)
    {
        await using var my = await _source.OpenAsync(ct);
        var (rows, maxKey) = await _source.FingerprintAsync(my, plan, ct);
        if (!live && (rows != state.SourceRows || maxKey != state.SourceMaxKey))
            throw new SchemaException(
                $"Source table {plan.Name} changed since it was copied ({state.SourceRows} rows up to key {state.SourceMaxKey}, now {rows} up to {maxKey}): " +
                "a resumed copy needs an unchanged source. Start again with an empty target database, with the source read-only.");
        _progress.Info($"{plan.Name}: already copied ({state.RowsCopied} rows), skipped");
        return new TableCopyResult(plan.Name, state.RowsCopied ?? 0, state.RowsQuarantined ?? 0, state.Seconds ?? 0, Skipped: true);
    }

    private async Task RestoreDeferredAsync(int parallelism, CancellationToken ct)
    {
        await using var pg = await OpenTargetAsync(ct);
        var deferred = await CopyState.DeferredAsync(pg, ct);
        if (deferred.Count == 0)
            return;
        // Left by a copy of an older build, which loaded tables without their indexes and foreign keys.
        _progress.Info($"Building {deferred.Count(d => d.Kind == CopyState.IndexKind)} index(es) and validating {deferred.Count(d => d.Kind == CopyState.ForeignKeyKind)} foreign key(s)");
        // Indexes first (they may serve the foreign key checks), then foreign keys; each with its record, in one transaction.
        foreach (var kind in new[] { CopyState.IndexKind, CopyState.ForeignKeyKind })
        {
            using var gate = new SemaphoreSlim(Math.Max(1, parallelism));
            await Task.WhenAll(deferred.Where(d => d.Kind == kind).Select(async d =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    await using var c = await OpenTargetAsync(ct);
                    await using var tx = await c.BeginTransactionAsync(ct);
                    await TargetSession.PrepareLoadAsync(c, tx, ct);
                    await c.ExecuteAsync(new CommandDefinition(d.CreateSql, transaction: tx, commandTimeout: 0, cancellationToken: ct));
                    await c.ExecuteAsync(new CommandDefinition("DELETE FROM taskflow_copy_deferred WHERE name = @Name", new { d.Name }, tx, cancellationToken: ct));
                    await tx.CommitAsync(ct);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
    }

    // The source side of each table as its load hashed it (this run or, for a table done earlier, the run that loaded it).
    private static async Task<Dictionary<string, DataVerifier.SourceSide>> LoadedSidesAsync(NpgsqlConnection pg, CancellationToken ct) =>
        (await CopyState.TablesAsync(pg, ct)).Values
            .Where(s => s is { Status: CopyState.Done, SourceChecksum: not null, SourceHashedRows: not null })
            .ToDictionary(s => s.TableName, s => new DataVerifier.SourceSide(s.SourceHashedRows!.Value, s.SourceChecksum!, s.RowsQuarantined ?? 0),
                StringComparer.Ordinal);

    private async Task VerifyPlansAsync(IReadOnlyList<TablePlan> plans, List<TableCopyResult> tables, List<BadValue> quarantine,
        Dictionary<string, long> estimates, int parallelism, Dictionary<string, DataVerifier.SourceSide> loaded,
        IReadOnlyDictionary<string, (long Rows, string Checksum)> hashed, CancellationToken ct)
    {
        var verifier = new DataVerifier(_source, _target, _progress);
        var results = await TableScheduler.RunAsync(plans, parallelism, (plan, token) =>
        {
            var keys = quarantine.Where(q => q.Table == plan.Name).Select(q => q.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var estimate = estimates.GetValueOrDefault(plan.Name);
            return loaded.TryGetValue(plan.Name, out var side) && hashed.TryGetValue(plan.Name, out var target)
                ? verifier.VerifyAgainstAsync(plan, side, target, keys, estimate, token)
                : verifier.VerifyAsync(plan, keys, estimate, token);
        }, ct);
        foreach (var t in tables.Where(t => results.ContainsKey(t.Table)))
            t.Verification = results[t.Table];
    }

    private async Task<NpgsqlConnection> OpenTargetAsync(CancellationToken ct) =>
        (NpgsqlConnection)await DialectRegistry.Driver(DatabaseEngine.PostgreSql).OpenAsync(_target, _log.Warn, ct);
}
