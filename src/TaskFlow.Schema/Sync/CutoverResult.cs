using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// A finished cut-over: how long writes were stopped (from read-only on MySQL to the reverse capture in place on
/// PostgreSQL), the changes drained in it, every table's verification, the keys compared one by one, the URL to give
/// the application (without password), the tables compared in full (the others by counts and changed keys), and the changed
/// keys found equal before writes stopped (not applied since, so not compared again in the window), and the rows compared
/// (before writes stopped or in the window) because a foreign-key action of a changed key's row could have reached them.
/// </summary>
public sealed record CutoverResult(string Source, string Target, double WindowSeconds, long Drained, IReadOnlyList<TableVerification> Tables,
    long KeysVerified, string DatabaseUrl, IReadOnlySet<string> ComparedInFull, long KeysCheckedBefore = 0, long RowsReached = 0);
