using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>VARCHAR, TEXT, MEDIUMTEXT to text/varchar: kept as is (4-byte characters included); NUL is refused.</summary>
internal sealed class TextConverter(TargetColumn column) : ColumnConverter<string>(column, NpgsqlDbType.Text)
{
    internal const string NulReason = "contains a NUL byte (\\0), which PostgreSQL text cannot store";

    public override string TargetExpression(string quoted) => quoted;

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out string value, out string? reason)
    {
        value = reader.GetString(ordinal);
        reason = value.Contains('\0', StringComparison.Ordinal) ? NulReason : null;
        return reason is null;
    }

    protected override string Canonicalize(string value) => value;
}
