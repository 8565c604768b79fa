namespace TaskFlow.Schema.Running;

/// <summary>One migration as <c>status</c> reports it: known to the code, recorded in the database, or both.</summary>
public sealed record MigrationState(
    long Version,
    string Description,
    string State,
    DateTime? AppliedAt,
    long? DurationMs,
    string? AppliedBy,
    string? ToolVersion,
    string? Checksum,
    bool? ChecksumMatches,
    string? Error)
{
    /// <summary>State of a migration the code has and the database has not.</summary>
    public const string Pending = "pending";

    /// <summary>State of a migration the database has and the code does not.</summary>
    public const string Unknown = "unknown";
}
