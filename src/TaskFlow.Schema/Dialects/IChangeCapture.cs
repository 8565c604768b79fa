using System.Data.Common;

namespace TaskFlow.Schema.Dialects;

/// <summary>
/// One engine's side of a live sync: row triggers that record the key of every changed row in
/// <c>taskflow_sync_changes</c> (the capture, on the source), and the bookkeeping the applying side keeps
/// (<c>taskflow_sync_state</c>, <c>taskflow_sync_keys</c>, on the target). Statement texts are the engine's own.
/// </summary>
internal interface IChangeCapture
{
    /// <summary>Creates the change table and the triggers of <paramref name="tables"/> that are missing (never drops one: a write in between would be lost).</summary>
    Task InstallAsync(DbConnection connection, IReadOnlyList<(string Table, string Key)> tables, string peer, CancellationToken cancellationToken);

    /// <summary>Drops every trigger and table of a sync (capture and bookkeeping) in the current database.</summary>
    Task RemoveAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Names of the sync's tables in the current database (empty: no sync here).</summary>
    Task<IReadOnlyList<string>> SyncTablesAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The capture installed in the current database (the peer it feeds, and its identity), or null when there is none.</summary>
    Task<InstalledCapture?> CaptureAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Names of the capture triggers in the current database.</summary>
    Task<IReadOnlyList<string>> TriggersAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Selects pending count and the age in seconds of the oldest pending change.</summary>
    string Pending { get; }

    /// <summary>Selects up to @limit changes in id order: id, table_name, row_key, old_key.</summary>
    string ReadChanges { get; }

    /// <summary>Deletes processed changes by id (never by a high-water mark: a late commit has a lower id).</summary>
    string DeleteChanges(IReadOnlyList<long> ids);

    /// <summary>Starts a read-only transaction whose reads all see one snapshot.</summary>
    Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Creates the applying side's bookkeeping when missing.</summary>
    string CreateState { get; }

    /// <summary>
    /// Records keys applied since the full copy (a key recorded already is kept once; on PostgreSQL it is marked not checked
    /// again, for the cut-over to compare); parameters @table, @k0 .. @k{count-1}.
    /// </summary>
    string RecordKeys(int count);

    /// <summary>Data tables of the current database with their single-column primary key (history and sync/copy tables left out).</summary>
    Task<IReadOnlyList<(string Table, string Key)>> KeyedTablesAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the applying side take rows as they are: on PostgreSQL the schema's own row triggers (set_updated_at) are
    /// disabled, foreign-key actions stay on. Runs inside <paramref name="transaction"/>.
    /// </summary>
    Task PrepareTargetAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> tables, CancellationToken cancellationToken);

    /// <summary>Undoes <see cref="PrepareTargetAsync"/>: the database is about to take the application's writes.</summary>
    Task RestoreTargetAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<string> tables, CancellationToken cancellationToken);

    /// <summary>Quotes an identifier.</summary>
    string Quote(string name);
}

/// <summary>
/// A change capture as installed: the database it feeds (<paramref name="Peer"/>) and <paramref name="Id"/>, the moment it was
/// installed (microseconds since the epoch, as text): a capture removed and installed again is another capture, and what the
/// first one recorded does not carry over.
/// </summary>
public sealed record InstalledCapture(string Peer, string Id);
