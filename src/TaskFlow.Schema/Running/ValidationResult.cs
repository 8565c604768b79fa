using TaskFlow.Schema.Inspection;

namespace TaskFlow.Schema.Running;

/// <summary>What <c>validate</c> found: problems of the history, and the live schema compared with the applied migrations.</summary>
public sealed record ValidationResult(IReadOnlyList<string> HistoryProblems, SchemaComparison Comparison, string ComparedWith, bool StrictNames)
{
    /// <summary>How declared text compares here against the other engine's rendering: notes that never count, even with --strict-names.</summary>
    public IReadOnlyList<string> TextNotes { get; init; } = [];

    /// <summary>The schema differences that count: in meaning, and with --strict-names also names, comments, collation.</summary>
    public IReadOnlyList<SchemaDifference> Blocking => Comparison.Counted(StrictNames);

    /// <summary>The schema differences reported without counting.</summary>
    public IReadOnlyList<SchemaDifference> Notes => StrictNames ? [] : Comparison.Notes;

    /// <summary>Every problem that counts, one line each.</summary>
    public IReadOnlyList<string> Problems =>
        HistoryProblems.Concat(Blocking.Select(d => $"schema: {d.Text} (compared with {ComparedWith})")).ToList();
}
