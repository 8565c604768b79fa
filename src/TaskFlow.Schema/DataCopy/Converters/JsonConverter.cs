using MySqlConnector;
using Npgsql;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>JSON (text on MariaDB) to jsonb, validated first so one bad document cannot abort a table's COPY.</summary>
internal sealed class JsonConverter(TargetColumn column)
    : ColumnConverter<string>(column, column.TypeName == "json" ? NpgsqlDbType.Json : NpgsqlDbType.Jsonb)
{
    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out string value, out string? reason)
    {
        value = reader.GetString(ordinal);
        reason = JsonText.Check(value);
        return reason is null;
    }

    protected override string ReadTarget(NpgsqlDataReader reader, int ordinal) => reader.GetString(ordinal);

    protected override string Canonicalize(string value) => JsonText.Canonical(value);
}
