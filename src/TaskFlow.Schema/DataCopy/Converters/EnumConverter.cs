using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>MySQL ENUM to the PostgreSQL enum type: the label must be one of the type's labels.</summary>
internal sealed class EnumConverter(TargetColumn column) : ColumnConverter<string>(column, NpgsqlDbType.Unknown)
{
    private readonly Dictionary<string, byte[]> _labels = column.EnumLabels.ToDictionary(l => l, System.Text.Encoding.UTF8.GetBytes, StringComparer.Ordinal);

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out string value, out string? reason)
    {
        value = reader.GetString(ordinal);
        reason = _labels.ContainsKey(value) ? null
            : value.Length == 0 ? "'' is MySQL's invalid-enum value (the row was written with a value outside the ENUM)"
            : $"not a label of enum type {Column.TypeName} ({string.Join(", ", Column.EnumLabels)})";
        return reason is null;
    }

    // An enum's binary format is its label's text.
    protected override void WriteValue(BinaryCopyWriter writer, string value) => writer.WriteBytes(_labels[value]);

    protected override string Canonicalize(string value) => value;
}
