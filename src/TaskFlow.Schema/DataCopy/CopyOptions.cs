namespace TaskFlow.Schema.DataCopy;

/// <summary>How <see cref="DataCopier"/> runs.</summary>
public sealed record CopyOptions
{
    /// <summary>The step of the source when it has no history table (null: it must have one).</summary>
    public long? FromVersion { get; init; }

    /// <summary>Fail on the first bad row, or quarantine bad rows.</summary>
    public ErrorPolicy OnError { get; init; } = ErrorPolicy.Fail;

    /// <summary>Where quarantined rows are written as JSON lines (required with <see cref="ErrorPolicy.Quarantine"/>).</summary>
    public string? QuarantineFile { get; init; }

    /// <summary>Compare both sides row by row after the copy.</summary>
    public bool Verify { get; init; } = true;

    /// <summary>How many tables load at once.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>
    /// The source keeps changing and every change is captured for a live sync (<c>sync</c>): a resumed copy keeps tables
    /// whose source changed since, rows whose parent was written after the parent table was read are left to the captured
    /// changes instead of being treated as orphans, and tables without a load checksum are left to the cut-over's verification.
    /// </summary>
    public bool LiveSource { get; init; }

    /// <summary>
    /// The identity of the change capture this copy runs under (<see cref="Dialects.InstalledCapture.Id"/>), recorded with the run: a
    /// copy resumes only under the same capture. Null for copy-data.
    /// </summary>
    public string? Capture { get; init; }

    /// <summary>The resume tests' pause inside a table's load (internal; null in real use).</summary>
    internal CopyTestHook? TestHook { get; init; }
}
