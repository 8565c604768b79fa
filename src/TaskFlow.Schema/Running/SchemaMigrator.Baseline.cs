using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Running;

public sealed partial class SchemaMigrator
{
    /// <summary>
    /// Adopts a database that has no history: records <paramref name="version"/> and every migration before it as
    /// applied, but only when the live schema means what those migrations produce (or <paramref name="force"/>).
    /// Indexes and foreign keys that the migrations name otherwise are first renamed to the migrations' names, and
    /// non-unique indexes the database lacks only because another index covers them are created, so that later
    /// migrations find every index by its name, on up and on down. With <paramref name="dryRun"/> it compares and
    /// shows those statements, and changes nothing.
    /// </summary>
    public async Task<BaselineResult> BaselineAsync(long version, bool force, CancellationToken cancellationToken, bool dryRun = false)
    {
        var migrations = _renderer.RenderUpTo(version);
        if (migrations.Count == 0 || migrations[^1].Version != version)
            throw new SchemaException($"Baseline needs the version of a migration; known versions: {string.Join(", ", _renderer.Migrations.Select(m => m.Version))}.");
        await using var schemaLock = dryRun ? null : await SchemaLock.AcquireAsync(_driver, _target, LockTimeout, _log, cancellationToken);
        await using var connection = await _driver.OpenAsync(_target, _log.Warn, cancellationToken);
        var history = await HistoryQueries.ReadIfExistsAsync(_driver, connection, cancellationToken);
        if (history.Count > 0)
            throw new SchemaException(
                $"{_target.Display} already has migration history (up to {history[^1].Version}): baseline only adopts a database that has none. " +
                "Use `taskflow-schema validate` to compare it with the code.");

        var inspector = DialectRegistry.Inspector(_target.Engine);
        var live = await inspector.InspectAsync(connection, cancellationToken);
        var expected = await ShadowDatabase.ExpectedSchemaAsync(_target, ShadowServer, migrations, _log, cancellationToken);
        var comparison = live.CompareWith(expected);
        var renames = inspector.RenameStatements(comparison.Renames);
        var creates = inspector.CreateIndexStatements(comparison.CoveredIndexes);
        var defaults = await inspector.DefaultStatementsAsync(connection, _log, cancellationToken);
        var blocking = comparison.Counted(StrictNames);
        if (dryRun || (blocking.Count > 0 && !force))
            return new BaselineResult(version, 0, comparison, StrictNames, renames, creates, defaults);
        if (blocking.Count > 0)
            _log.Warn($"--force: recording migrations up to {version} as applied although the schema differs in {blocking.Count} place(s).");

        foreach (var statement in renames)
            await SqlExecution.ExecuteAsync(connection, null, statement, cancellationToken);
        if (renames.Count > 0)
            _log.Info($"Gave {comparison.Renames.Count} index(es) and key(s) the names the migrations use ({renames.Count} statement(s)).");
        foreach (var statement in creates)
            await SqlExecution.ExecuteAsync(connection, null, statement, cancellationToken);
        if (creates.Count > 0)
            _log.Info($"Created {creates.Count} index(es) that the migrations name and another index already covered, so that later migrations find them.");
        foreach (var statement in defaults)
            await SqlExecution.ExecuteAsync(connection, null, statement, cancellationToken);
        if (defaults.Count > 0)
            _log.Info("Gave the database its tables' collation as default: tables that later migrations create take the same.");
        await SqlExecution.ExecuteAsync(connection, null, _driver.CreateHistoryTable, cancellationToken);
        var note = blocking.Count == 0 ? null : $"baselined with --force over {blocking.Count} schema difference(s)";
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var migration in migrations)
                await RecordAsync(connection, transaction, migration, HistoryTable.Applied, null, null, note, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        _log.Info($"Recorded {migrations.Count} migration(s) up to {version} as applied on {_target.Display}.");
        return new BaselineResult(version, migrations.Count, comparison, StrictNames, renames, creates, defaults);
    }
}
