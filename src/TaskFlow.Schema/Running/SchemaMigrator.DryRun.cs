using System.Text;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Running;

public sealed partial class SchemaMigrator
{
    /// <summary>
    /// The SQL <see cref="UpAsync"/> would execute now, without executing it or taking the lock: migration
    /// statements as they are, lock, transaction and history statements as comments.
    /// </summary>
    public async Task<string> DryRunAsync(long? toVersion, CancellationToken cancellationToken)
    {
        var target = _renderer.RenderUpTo(toVersion);
        await using var connection = await _driver.OpenAsync(_target, _log.Warn, cancellationToken);
        var history = await HistoryQueries.ReadIfExistsAsync(_driver, connection, cancellationToken);
        RefuseIfUnfinished(history);
        var applied = history.Select(h => h.Version).ToHashSet();
        var pending = target.Where(m => !applied.Contains(m.Version)).ToList();

        var sql = new StringBuilder();
        sql.Append($"-- taskflow-schema up --dry-run on {_target.Display}: {pending.Count} pending migration(s). Nothing was executed.\n");
        // A database made by other means has tables but no history: `up` would start from step 1 and fail on them.
        if (history.Count == 0 && (await DialectRegistry.Inspector(_target.Engine).InspectAsync(connection, cancellationToken)).Objects.Any(o => o.Kind == "table"))
            sql.Append("-- This database has tables but no migration history: adopt it first with `taskflow-schema baseline --version V`\n" +
                       "-- (`baseline --dry-run` shows the comparison and the index and key renames it would run). Later migrations address\n" +
                       "-- indexes and keys by the names the migrations gave them; baseline gives the live ones those names.\n");
        var key = SchemaLock.KeyFor(_target);
        Comment(sql, "lock", $"{_driver.LockStatement(key)} (own connection, retried until granted or --lock-timeout)");
        Comment(sql, "history", _driver.CreateHistoryTable);
        foreach (var migration in pending)
        {
            var transactional = _driver.TransactionalDdl && migration.UsesTransaction;
            sql.Append($"\n-- migration {migration.Version}: {migration.Description}\n");
            Comment(sql, transactional ? "transaction" : "history", transactional ? "BEGIN;" : $"record {migration.Version} as in_progress");
            foreach (var statement in migration.Up)
                sql.Append(statement).Append('\n');
            Comment(sql, "history", _driver.ScriptHistoryInsert(migration.Version, migration.Description, migration.Checksum, ToolInfo.Version)
                + " (with duration_ms)");
            if (transactional)
                Comment(sql, "transaction", "COMMIT;");
        }
        sql.Append('\n');
        Comment(sql, "lock", _driver.UnlockStatement(key));
        return sql.ToString();
    }

    private static void Comment(StringBuilder sql, string kind, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Trim().Split('\n');
        sql.Append($"-- {kind}: {lines[0]}\n");
        foreach (var line in lines.Skip(1))
            sql.Append($"--   {line}\n");
    }
}
