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
    IReadOnlyList<MigrationState> Migrations)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static StatusReport From(ConnectionTarget target, long latest, IReadOnlyList<MigrationState> states) => new(
        target.Display,
        Dialects.DialectRegistry.Driver(target.Engine).Name,
        states.Where(s => s.State == Dialects.HistoryTable.Applied).Select(s => s.Version).DefaultIfEmpty(0).Max(),
        latest,
        states.Count(s => s.State == MigrationState.Pending),
        states);
}
