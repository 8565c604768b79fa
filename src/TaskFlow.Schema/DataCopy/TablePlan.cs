using TaskFlow.Schema.DataCopy.Converters;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// One table to copy: the target's columns that the source also has (with what the source says of them), its
/// single-column primary key, and the tables it references (loaded first).
/// </summary>
internal sealed record TablePlan(
    string Name, IReadOnlyList<TargetColumn> Columns, string Key, bool NumericKey, IReadOnlyList<ForeignKey> ForeignKeys,
    string? IdentityColumn, IReadOnlyList<SourceColumn>? SourceColumns = null)
{
    /// <summary>What the source says of the column at <paramref name="ordinal"/> of <see cref="Columns"/>.</summary>
    public SourceColumn Source(int ordinal) => SourceColumns?[ordinal] ?? SourceColumn.Unknown;

    public IEnumerable<string> Parents => ForeignKeys.Select(f => f.Parent).Where(p => p != Name).Distinct();

    public int KeyOrdinal => Columns.Select((c, i) => (c, i)).First(x => x.c.Name == Key).i;

    /// <summary>Fresh converters for one reader (they hold the current row).</summary>
    public ColumnConverter[] Converters() => Columns.Select(c => ConverterFactory.Create(Name, c)).ToArray();

    /// <summary>Orders keys the way both engines' primary-key order does.</summary>
    public int CompareKeys(string a, string b) =>
        NumericKey ? long.Parse(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(long.Parse(b, System.Globalization.CultureInfo.InvariantCulture))
            : string.CompareOrdinal(a.ToLowerInvariant(), b.ToLowerInvariant());
}
