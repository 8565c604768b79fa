namespace TaskFlow.Schema.Inspection;

/// <summary>
/// Tables the tool keeps for itself in a database (migration history, data copy and live sync state): they are not
/// part of the schema the migrations describe, so they are never drift.
/// </summary>
public static class Bookkeeping
{
    private static readonly string[] Prefixes = ["taskflow_copy_", "taskflow_sync_"];

    /// <summary>Whether <paramref name="table"/> is one of the tool's own tables.</summary>
    public static bool IsOwnTable(string? table) =>
        table is not null && (table == Dialects.HistoryTable.Name || Prefixes.Any(p => table.StartsWith(p, StringComparison.Ordinal)));
}
