namespace TaskFlow.Schema.DataCopy;

/// <summary>What happened to one table.</summary>
public sealed record TableCopyResult(string Table, long Rows, long Quarantined, double Seconds, bool Skipped)
{
    /// <summary>Filled in by verification.</summary>
    public TableVerification? Verification { get; set; }
}
