using System.Globalization;
using System.Text;
using MySqlConnector;
using Npgsql;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// Reads one column from MySQL, decides whether the value can go to PostgreSQL, writes it to binary
/// COPY, and gives the canonical text both sides are compared by. One instance per column per
/// reader: it holds the current row's value, so rows are not boxed.
/// </summary>
internal abstract class ColumnConverter(TargetColumn column)
{
    public TargetColumn Column { get; } = column;

    /// <summary>The MySQL select expression of the column (quoted name given, with what the source says of the column).</summary>
    public virtual string SourceExpression(string quoted, SourceColumn source) => quoted;

    /// <summary>
    /// The PostgreSQL select expression used by verification: the value as PostgreSQL prints it (its output function,
    /// in a session with TimeZone UTC and DateStyle ISO), so no driver mapping stands between what is stored and what
    /// is compared. The source side's canonical text is written to equal it.
    /// </summary>
    public virtual string TargetExpression(string quoted) => quoted + "::text";

    /// <summary>Reads the current source row's value; false, with a reason, when it cannot be copied.</summary>
    public abstract bool TryRead(MySqlDataReader reader, int ordinal, out string? reason);

    /// <summary>Writes the value read last.</summary>
    public abstract void Write(BinaryCopyWriter writer);

    /// <summary>Canonical text of the value read last; null for SQL NULL.</summary>
    public abstract string? Canonical();

    /// <summary>
    /// The hash <see cref="RowDigest"/> gives the canonical text of the value read last (its UTF-8), computed without
    /// making that text a string where the converter can write its bytes directly.
    /// </summary>
    public abstract ulong Digest(RowDigest digest, ulong seed);

    /// <summary>Canonical text of a target value: the text of <see cref="TargetExpression"/>, null for SQL NULL.</summary>
    public string? TargetCanonical(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TargetText(reader.GetString(ordinal));

    /// <summary>Brings PostgreSQL's text of a value to the canonical form, where its output is not already that.</summary>
    protected virtual string TargetText(string text) => text;

    /// <summary>The source value as text, for messages.</summary>
    public static string? Raw(MySqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
            return null;
        return reader.GetValue(ordinal) switch
        {
            string s => s,
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString(),
        };
    }
}
