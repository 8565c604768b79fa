using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>A JSON array of strings (MySQL's list of strings) to text[].</summary>
internal sealed class TextArrayConverter(TargetColumn column) : ColumnConverter<string[]>(column, NpgsqlDbType.Array | NpgsqlDbType.Text)
{
    // The element types' OIDs, fixed in every PostgreSQL: text and varchar.
    private readonly uint _elementType = column.TypeName == "_varchar" ? 1043u : 25u;

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out string[] value, out string? reason)
    {
        value = JsonText.ParseStringArray(reader.GetString(ordinal), out reason) ?? [];
        if (reason is null && value.Any(v => v.Contains('\0', StringComparison.Ordinal)))
            reason = TextConverter.NulReason;
        return reason is null;
    }

    protected override void WriteValue(BinaryCopyWriter writer, string[] value) => writer.WriteTextArray(value, _elementType);

    // Compared as jsonb prints the array, which keeps every element's text exact without text[]'s own quoting rules.
    public override string TargetExpression(string quoted) => $"to_jsonb({quoted})::text";

    protected override string Canonicalize(string[] value) => JsonText.Canonical(value);
}
