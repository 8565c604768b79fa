namespace TaskFlow.Schema.DataCopy;

/// <summary>One table compared on both sides: counts, checksums and the first difference if any.</summary>
public sealed record TableVerification(string Table, long SourceRows, long TargetRows, long Excluded, string SourceChecksum,
    string TargetChecksum, Mismatch? Mismatch)
{
    /// <summary>Whether both sides hold the same rows.</summary>
    public bool Matches => Mismatch is null;
}
