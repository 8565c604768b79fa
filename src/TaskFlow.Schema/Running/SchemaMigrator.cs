using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Dapper;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Rendering;

namespace TaskFlow.Schema.Running;

/// <summary>
/// Applies and reverts migrations on a live database: under the schema lock, each migration in a
/// transaction where the engine allows it, with a history row per migration.
/// </summary>
public sealed partial class SchemaMigrator
{
    private readonly ConnectionTarget _target;
    private readonly IDatabaseDriver _driver;
    private readonly MigrationRenderer _renderer;
    private readonly IRunLog _log;

    /// <summary>
    /// Creates a migrator for <paramref name="target"/> with the migrations of <paramref name="migrations"/>
    /// (only those in <paramref name="inNamespace"/>, when given: tests keep small migration sets apart).
    /// </summary>
    public SchemaMigrator(ConnectionTarget target, Assembly migrations, IRunLog log, string? inNamespace = null)
    {
        _target = target;
        _driver = DialectRegistry.Driver(target.Engine);
        _renderer = new MigrationRenderer(DialectRegistry.Dialect(target.Engine), migrations, inNamespace);
        _log = log;
    }

    /// <summary>How long to wait for another process's schema lock.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Server on which baseline and repair create their temporary shadow database; default: the target's server.</summary>
    public ConnectionTarget? ShadowServer { get; init; }

    /// <summary>Whether names, comments and collation that differ block <c>baseline</c> (by default they are notes).</summary>
    public bool StrictNames { get; init; }

    /// <summary>The renderer, for callers that need the SQL of a migration.</summary>
    public MigrationRenderer Renderer => _renderer;

    /// <summary>Applies the pending migrations up to <paramref name="toVersion"/> (all when null); returns those applied.</summary>
    public async Task<IReadOnlyList<RenderedMigration>> UpAsync(long? toVersion, CancellationToken cancellationToken)
    {
        var target = _renderer.RenderUpTo(toVersion);
        await using var schemaLock = await SchemaLock.AcquireAsync(_driver, _target, LockTimeout, _log, cancellationToken);
        await using var connection = await _driver.OpenAsync(_target, _log.Warn, cancellationToken);
        // Only when missing: IF NOT EXISTS alone would make PostgreSQL print "already exists, skipping" on every run.
        if (!await HistoryQueries.ExistsAsync(_driver, connection, cancellationToken))
            await SqlExecution.ExecuteAsync(connection, null, _driver.CreateHistoryTable, cancellationToken);

        // Read under the lock: what another pod applied meanwhile is not pending any more.
        var history = await ReadHistoryAsync(connection, cancellationToken);
        RefuseIfUnfinished(history);
        var applied = history.Select(h => h.Version).ToHashSet();
        var pending = target.Where(m => !applied.Contains(m.Version)).ToList();
        if (pending.Count == 0)
        {
            _log.Info($"{_target.Display} is up to date ({(history.Count == 0 ? "no migrations" : "version " + history[^1].Version)}).");
            return pending;
        }
        await _driver.RefuseUnusableDefaultsAsync(connection, cancellationToken);
        foreach (var migration in pending)
            await ApplyAsync(connection, migration, cancellationToken);
        return pending;
    }

    /// <summary>Reverts applied migrations newer than <paramref name="toVersion"/> (0 = all), newest first; returns those reverted.</summary>
    public async Task<IReadOnlyList<RenderedMigration>> DownAsync(long toVersion, CancellationToken cancellationToken)
    {
        if (toVersion != 0)
            _renderer.RenderUpTo(toVersion);
        await using var schemaLock = await SchemaLock.AcquireAsync(_driver, _target, LockTimeout, _log, cancellationToken);
        await using var connection = await _driver.OpenAsync(_target, _log.Warn, cancellationToken);
        if (!await HistoryExistsAsync(connection, cancellationToken))
        {
            _log.Info($"{_target.Display} has no migration history: nothing to revert.");
            return [];
        }
        var history = await ReadHistoryAsync(connection, cancellationToken);
        RefuseIfUnfinished(history);
        var known = _renderer.Migrations.ToDictionary(m => m.Version);
        var toRevert = history.Where(h => h.Version > toVersion).OrderByDescending(h => h.Version).ToList();
        var unknown = toRevert.FirstOrDefault(h => !known.ContainsKey(h.Version));
        if (unknown is not null)
            throw new SchemaException($"Cannot revert migration {unknown.Version} ({unknown.Description}): this version of the tool does not know it.");

        var reverted = new List<RenderedMigration>();
        foreach (var row in toRevert)
        {
            var migration = _renderer.Render(known[row.Version]);
            await RevertAsync(connection, migration, cancellationToken);
            reverted.Add(migration);
        }
        return reverted;
    }

    /// <summary>Every migration the code or the database knows, with its state.</summary>
    public async Task<IReadOnlyList<MigrationState>> StatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _driver.OpenAsync(_target, _log.Warn, cancellationToken);
        var history = await HistoryQueries.ReadIfExistsAsync(_driver, connection, cancellationToken);
        var rows = history.ToDictionary(h => h.Version);
        var states = new List<MigrationState>();
        foreach (var info in _renderer.Migrations)
        {
            if (rows.Remove(info.Version, out var row))
            {
                states.Add(new MigrationState(info.Version, info.Description, row.State, Utc(row.AppliedAt), row.DurationMs,
                    row.AppliedBy, row.ToolVersion, row.Checksum, _renderer.Render(info).Recognizes(row.Checksum), row.Error));
            }
            else
            {
                states.Add(new MigrationState(info.Version, info.Description, MigrationState.Pending, null, null, null, null, null, null, null));
            }
        }
        states.AddRange(rows.Values.Select(row => new MigrationState(row.Version, row.Description, MigrationState.Unknown,
            Utc(row.AppliedAt), row.DurationMs, row.AppliedBy, row.ToolVersion, row.Checksum, null, row.Error)));
        return states.OrderBy(s => s.Version).ToList();
    }

    // Both engines store UTC (MySQL sessions run at +00:00); MySqlConnector just does not say so.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    internal Task<List<HistoryRow>> ReadHistoryAsync(DbConnection connection, CancellationToken cancellationToken) =>
        HistoryQueries.ReadAsync(_driver, connection, cancellationToken);

    internal Task<bool> HistoryExistsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        HistoryQueries.ExistsAsync(_driver, connection, cancellationToken);

    private void RefuseIfUnfinished(IEnumerable<HistoryRow> history)
    {
        var unfinished = history.FirstOrDefault(h => h.State != HistoryTable.Applied);
        if (unfinished is not null)
            throw new SchemaException(
                $"Migration {unfinished.Version} ({unfinished.Description}) is recorded as {unfinished.State} on {_target.Display}" +
                (unfinished.Error is null ? "" : $" ({unfinished.Error})") +
                ": the schema may be half-changed. Run `taskflow-schema repair` to check the live schema and fix the history, then retry.");
    }

    private async Task ApplyAsync(DbConnection connection, RenderedMigration migration, CancellationToken cancellationToken)
    {
        _log.Info($"Applying {migration.Version}: {migration.Description} ({Sentences.Count(migration.Up.Count, "statement")})");
        var clock = Stopwatch.StartNew();
        if (_driver.TransactionalDdl && migration.UsesTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await RunStatementsAsync(connection, transaction, migration, migration.Up, cancellationToken);
            await RecordAsync(connection, transaction, migration, HistoryTable.Applied, clock.ElapsedMilliseconds, null, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            // DDL commits as it goes: record the attempt first, so that a crash leaves a trace `repair` can act on.
            await RecordAsync(connection, null, migration, HistoryTable.InProgress, null, null, HistoryRow.Progress(0, migration.Up.Count), cancellationToken);
            try
            {
                await RunStatementsAsync(connection, null, migration, migration.Up, cancellationToken, recordProgress: true);
            }
            catch (MigrationFailedException e)
            {
                await RecordAsync(connection, null, migration, HistoryTable.Failed, clock.ElapsedMilliseconds, e.Statement,
                    e.InnerException?.Message ?? e.Message, CancellationToken.None);
                throw;
            }
            await RecordAsync(connection, null, migration, HistoryTable.Applied, clock.ElapsedMilliseconds, null, null, cancellationToken);
        }
        _log.Info($"Applied {migration.Version} in {clock.ElapsedMilliseconds} ms");
    }

    private async Task RevertAsync(DbConnection connection, RenderedMigration migration, CancellationToken cancellationToken)
    {
        _log.Info($"Reverting {migration.Version}: {migration.Description} ({Sentences.Count(migration.Down.Count, "statement")})");
        var delete = new CommandDefinition(HistoryQueries.Delete, new { version = migration.Version }, cancellationToken: cancellationToken);
        if (_driver.TransactionalDdl && migration.UsesTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await RunStatementsAsync(connection, transaction, migration, migration.Down, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(delete.CommandText, delete.Parameters, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return;
        }
        await RecordAsync(connection, null, migration, HistoryTable.InProgress, null, null, "reverting", cancellationToken);
        try
        {
            await RunStatementsAsync(connection, null, migration, migration.Down, cancellationToken);
        }
        catch (MigrationFailedException e)
        {
            await RecordAsync(connection, null, migration, HistoryTable.Failed, null, e.Statement,
                "revert failed: " + (e.InnerException?.Message ?? e.Message), CancellationToken.None);
            throw;
        }
        await connection.ExecuteAsync(delete);
    }

    // With recordProgress (no transaction around the migration), the history row says after each statement how many
    // ran. A statement the engine can run in a transaction shares one with that note, so after a crash both happened
    // or neither; for the others (MySQL DDL) the note may lag one statement behind, and repair reads the live schema.
    private async Task RunStatementsAsync(DbConnection connection, DbTransaction? transaction, RenderedMigration migration,
        IReadOnlyList<string> statements, CancellationToken cancellationToken, int first = 0, bool recordProgress = false)
    {
        for (var i = first; i < statements.Count; i++)
        {
            try
            {
                var own = recordProgress && _driver.SharesTransaction(StatementText.LeadingKeywords(statements[i]))
                    ? await connection.BeginTransactionAsync(cancellationToken)
                    : null;
                await using (own)
                {
                    await SqlExecution.ExecuteAsync(connection, own ?? transaction, statements[i], cancellationToken);
                    await TestHooks.AfterStatementAsync(migration.Version, i + 1, _log, cancellationToken);
                    if (recordProgress)
                        await connection.ExecuteAsync(new CommandDefinition(HistoryQueries.Progress,
                            new { version = migration.Version, error = HistoryRow.Progress(i + 1, statements.Count) }, own, cancellationToken: cancellationToken));
                    if (own is not null)
                        await own.CommitAsync(cancellationToken);
                }
            }
            catch (Exception e) when (e is DbException or OperationCanceledException)
            {
                var error = e switch
                {
                    OperationCanceledException => "cancelled",
                    DbException db => _driver.Describe(db) ?? e.Message,
                    _ => e.Message,
                };
                throw new MigrationFailedException(migration.Version, migration.Description, i + 1, statements[i], error, e);
            }
        }
    }

    private Task RecordAsync(DbConnection connection, DbTransaction? transaction, RenderedMigration migration, string state,
        long? durationMs, string? failedStatement, string? error, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(_driver.UpsertHistory, new
        {
            version = migration.Version,
            description = migration.Description,
            state,
            checksum = migration.Checksum,
            duration_ms = durationMs,
            tool_version = ToolInfo.Version,
            failed_statement = failedStatement,
            error,
        }, transaction, cancellationToken: cancellationToken));
}
