namespace TaskFlow.Schema.Dialects;

/// <summary>The table that records which migrations were applied, with checksum, duration, user, tool version and state.</summary>
public static class HistoryTable
{
    /// <summary>Its name, the same on every engine.</summary>
    public const string Name = "taskflow_schema_history";

    /// <summary>State of a migration that completed.</summary>
    public const string Applied = "applied";

    /// <summary>State of a migration that failed part-way (MySQL: DDL cannot be rolled back).</summary>
    public const string Failed = "failed";

    /// <summary>State of a migration that is running, or whose process died while it ran (MySQL).</summary>
    public const string InProgress = "in_progress";
}
