namespace TaskFlow.Schema.DataCopy;

/// <summary>The outcome of a copy: per table counts, quarantine and verification.</summary>
public sealed record CopyResult(string Source, string Target, long SourceVersion, IReadOnlyList<TableCopyResult> Tables, bool Verified)
{
    /// <summary>Rows set aside over all tables.</summary>
    public long Quarantined => Tables.Sum(t => t.Quarantined);

    /// <summary>The first table whose verification failed.</summary>
    public Mismatch? FirstMismatch => Tables.Select(t => t.Verification?.Mismatch).FirstOrDefault(m => m is not null);
}
