namespace TaskFlow.Schema.Model;

/// <summary>
/// A unique index over the rows where a boolean column is true ("at most one default row").
/// PostgreSQL has it natively; MySQL emulates it with a generated column that is NULL elsewhere.
/// </summary>
public sealed record PartialUniqueIndex(string Name, string Table, string WhenTrueColumn);
