using TaskFlow.Schema.Inspection;

namespace TaskFlow.Schema.Running;

/// <summary>
/// What <c>baseline</c> found and did: the comparison with the expected schema, the statements that gave live
/// objects the migrations' names, that created the redundant indexes the migrations name and that gave the database
/// its tables' collation as default, and whether it recorded the versions.
/// </summary>
public sealed record BaselineResult(long Version, int Recorded, SchemaComparison Comparison, bool StrictNames, IReadOnlyList<string> Renames,
    IReadOnlyList<string> Creates, IReadOnlyList<string> Defaults)
{
    /// <summary>Whether the history was written.</summary>
    public bool Adopted => Recorded > 0;

    /// <summary>The differences that block adoption: in meaning, and with --strict-names also names, comments, collation.</summary>
    public IReadOnlyList<SchemaDifference> Blocking => Comparison.Counted(StrictNames);

    /// <summary>The blocking differences, one line each.</summary>
    public IReadOnlyList<string> Differences => Blocking.Select(d => d.Text).ToList();
}
