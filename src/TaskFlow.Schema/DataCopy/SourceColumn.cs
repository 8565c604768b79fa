namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// A column of a source table as information_schema describes it: its data type and, for a character column, the binary
/// collation of its character set (utf8mb4_bin for utf8mb4), by which its text is read as bytes without a conversion.
/// </summary>
internal sealed record SourceColumn(string DataType, string? BinaryCollation)
{
    /// <summary>A column nothing is known of: read by the expressions that work whatever its type.</summary>
    public static readonly SourceColumn Unknown = new("", null);
}
