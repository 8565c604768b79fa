namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// One table's way through a copy, in its slot of the schedule: loaded (or, when an earlier run finished it, checked
/// unchanged and left as it is), its statistics gathered, and the target side of its verification hashed as soon as
/// it has committed, so that it overlaps with the other tables' loads.
/// </summary>
internal sealed class TableCopy(TablePlan plan, long estimate, TargetDatabase.TableState? state, TableLoader loader, SourceDatabase source,
    TargetDatabase target, DataVerifier verifier, bool verify, ICopyProgress progress, bool liveSource = false)
{
    public TablePlan Plan => plan;

    public long Estimate => estimate;

    /// <summary>The target's row count and checksum, read right after this run loaded the table; null when it did not load it.</summary>
    public (long Rows, string Checksum)? TargetHash { get; private set; }

    public async Task<TableCopyResult> RunAsync(TableScheduler.Slot slot, CancellationToken ct)
    {
        var finishedEarlier = state is { Status: TargetDatabase.Done };
        var result = finishedEarlier ? await CheckUnchangedAsync(state!, ct) : await loader.LoadAsync(plan, estimate, slot.WaitForParentsAsync, ct);
        // The children wait for this table's commit, not for its statistics and hash.
        slot.Finish();
        // Statistics for the planner's first queries after the switch (a table loaded by an earlier run may have been
        // killed before its ANALYZE).
        await target.AnalyzeAsync(plan.Name, ct);
        // The rebuild of indexes and foreign keys does not change the rows, so the hash can be taken now; it takes a slot.
        // A table an earlier run finished is compared with the source as it is now, after the load; on a live source,
        // which changes by design, with what its load hashed (the changes since are captured and verified at the cut-over).
        if (verify && (!finishedEarlier || liveSource))
        {
            await slot.AcquireAsync();
            TargetHash = await verifier.HashTargetAsync(plan, estimate, ct);
        }
        return result;
    }

    // A quick refusal of a changed source on resume (count and highest key); verification compares the content later.
    private async Task<TableCopyResult> CheckUnchangedAsync(TargetDatabase.TableState done, CancellationToken ct)
    {
        await using var my = await source.OpenAsync(ct);
        var (rows, maxKey) = await source.FingerprintAsync(my, plan, ct);
        // A live source changes by design; its changes are captured and applied after the copy.
        if (!liveSource && (rows != done.SourceRows || maxKey != done.SourceMaxKey))
            throw new SchemaException(
                $"Source table {plan.Name} changed since it was copied ({done.SourceRows} rows up to key {done.SourceMaxKey}, now {rows} up to {maxKey}): " +
                "a resumed copy needs an unchanged source. Start again with an empty target database, with the source read-only.");
        progress.Info($"{plan.Name}: already copied ({done.RowsCopied} rows), skipped");
        return new TableCopyResult(plan.Name, done.RowsCopied ?? 0, done.RowsQuarantined ?? 0, done.Seconds ?? 0, Skipped: true);
    }
}
