using MySqlConnector;
using Npgsql;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>MySQL ENUM to the PostgreSQL enum type: the label must be one of the type's labels.</summary>
internal sealed class EnumConverter(TargetColumn column) : ColumnConverter<string>(column, NpgsqlDbType.Unknown)
{
    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out string value, out string? reason)
    {
        value = reader.GetString(ordinal);
        reason = Column.EnumLabels.Contains(value) ? null
            : value.Length == 0 ? "'' is MySQL's invalid-enum value (the row was written with a value outside the ENUM)"
            : $"not a label of enum type {Column.TypeName} ({string.Join(", ", Column.EnumLabels)})";
        return reason is null;
    }

    // Unmapped enum types take their label in binary COPY when the data type is named.
    protected override void WriteValue(NpgsqlBinaryImporter importer, string value) => importer.Write(value, Column.TypeName);

    protected override string Canonicalize(string value) => value;
}
