using System.Text.Json;
using System.Text.Json.Serialization;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary>The stable JSON shape of <c>status --json</c> (documented in the README).</summary>
internal sealed record StatusReport(
    string Database,
    string Engine,
    long CurrentVersion,
    long LatestVersion,
    int Pending,
    IReadOnlyList<StatusReport.Entry> Migrations)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static StatusReport From(ConnectionTarget target, long latest, IReadOnlyList<MigrationState> states) => new(
        target.Display,
        target.Engine == DatabaseEngine.PostgreSql ? "postgresql" : "mysql",
        states.Where(s => s.State == "applied").Select(s => s.Version).DefaultIfEmpty(0).Max(),
        latest,
        states.Count(s => s.State == MigrationState.Pending),
        states.Select(s => new Entry(s.Version, s.Description, s.State,
            s.AppliedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null,
            s.DurationMs, s.AppliedBy, s.ToolVersion, s.Checksum, s.ChecksumMatches, s.Error)).ToList());

    internal sealed record Entry(
        long Version,
        string Description,
        string State,
        DateTime? AppliedAt,
        long? DurationMs,
        string? AppliedBy,
        string? ToolVersion,
        string? Checksum,
        bool? ChecksumMatches,
        string? Error);
}
