namespace TaskFlow.Schema.Running;

/// <summary>What <c>repair</c> concluded: whether the history now matches the database, a summary, and the details behind it.</summary>
public sealed record RepairResult(bool Repaired, string Summary, IReadOnlyList<string> Details);
