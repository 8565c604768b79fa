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

    /// <summary>
    /// For a migration recorded in_progress by the statement-by-statement runner: how many of its statements had run
    /// when the row was last written (the <c>error</c> column holds <c>progress: k of n statements ran</c>); null otherwise.
    /// </summary>
    public int? StatementsDone =>
        State == Dialects.HistoryTable.InProgress && Error is { } e && e.StartsWith(ProgressPrefix, StringComparison.Ordinal)
        && int.TryParse(e.AsSpan(ProgressPrefix.Length, e.IndexOf(' ', ProgressPrefix.Length) - ProgressPrefix.Length),
            System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var done)
            ? done
            : null;

    private const string ProgressPrefix = "progress: ";

    /// <summary>The progress note of an in_progress row.</summary>
    public static string Progress(int done, int total) => $"{ProgressPrefix}{done} of {total} statements ran";
}
