namespace TaskFlow.Schema.Running;

/// <summary>One row of the history table.</summary>
public sealed class HistoryRow
{
    /// <summary>Migration version.</summary>
    public long Version { get; set; }

    /// <summary>Migration description at the time it was applied.</summary>
    public string Description { get; set; } = "";

    /// <summary>applied, failed or in_progress.</summary>
    public string State { get; set; } = "";

    /// <summary>SHA-256 of the SQL the migration generated for this engine when applied.</summary>
    public string Checksum { get; set; } = "";

    /// <summary>When it was applied (UTC).</summary>
    public DateTime AppliedAt { get; set; }

    /// <summary>How long it took, when known.</summary>
    public long? DurationMs { get; set; }

    /// <summary>Database user and client host that applied it.</summary>
    public string AppliedBy { get; set; } = "";

    /// <summary>Version of the tool that applied it.</summary>
    public string ToolVersion { get; set; } = "";

    /// <summary>The statement that failed, for a failed migration.</summary>
    public string? FailedStatement { get; set; }

    /// <summary>The error of a failed migration.</summary>
    public string? Error { get; set; }
}
