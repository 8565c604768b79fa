using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Sync;

/// <summary>Keeps schema changes away from a database that takes part in a live sync: both sides must keep one schema.</summary>
public static class SyncGuard
{
    /// <summary>Throws, naming the sync's objects, when <paramref name="target"/> holds a sync's capture or bookkeeping.</summary>
    public static async Task EnsureNoSyncAsync(ConnectionTarget target, string command, CancellationToken ct)
    {
        await using var connection = await DialectRegistry.Driver(target.Engine).OpenAsync(target, null, ct);
        var tables = await DialectRegistry.ChangeCapture(target.Engine).SyncTablesAsync(connection, ct);
        if (tables.Count > 0)
            throw new SchemaException(
                $"{target.Display} takes part in a live sync ({string.Join(", ", tables)}): `{command}` would change its schema under it. " +
                "Finish the sync first (cutover, or `taskflow-schema sync stop --from ... --to ...`); bring both sides to the same step before a sync starts.");
    }
}
