using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Sync;

/// <summary>How <see cref="Synchronizer"/> runs.</summary>
public sealed record SyncOptions
{
    /// <summary>Return as soon as nothing is pending (otherwise run until cancelled).</summary>
    public bool UntilCaughtUp { get; init; }

    /// <summary>What a row that cannot be converted does, in the full copy and in the apply.</summary>
    public ErrorPolicy OnError { get; init; } = ErrorPolicy.Fail;

    /// <summary>Where quarantined rows are written (required with <see cref="ErrorPolicy.Quarantine"/>).</summary>
    public string? QuarantineFile { get; init; }

    /// <summary>Tables loaded at once by the full copy.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>Change rows per batch (one target transaction each).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>The copy's resume-test pause (internal; null in real use).</summary>
    internal CopyTestHook? CopyTestHook { get; init; }

    /// <summary>The apply's kill-test pause after this many batches (internal; -1 in real use, see <see cref="SyncTestHook"/>).</summary>
    internal int PauseAfterBatch { get; init; } = -1;

    /// <summary>How long a server that stopped answering is waited for (reconnecting with a back-off) before the sync gives up.</summary>
    public TimeSpan ReconnectFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait when nothing is pending.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(200);
}
