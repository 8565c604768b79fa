namespace TaskFlow.Schema.Sync;

/// <summary>How a sync run ended: changes applied by it, what is still pending, and whether it was stopped by a signal.</summary>
public sealed record SyncResult(string Source, string Target, long Applied, long Pending, double Seconds, bool Stopped, long Quarantined);
