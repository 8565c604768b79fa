using System.Text.Json;
using MySqlConnector;
using Npgsql;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>JSON (text on MariaDB) to jsonb, validated first so one bad document cannot abort a table's COPY.</summary>
internal sealed class JsonConverter(TargetColumn column)
    : ColumnConverter<string>(column, column.TypeName == "json" ? NpgsqlDbType.Json : NpgsqlDbType.Jsonb)
{
    // The document parsed by the check of the current source value, kept so that its canonical form (hashed during
    // the load for verification) needs no second parse. One per converter, replaced row by row.
    private JsonDocument? _parsed;
    private string? _parsedText;

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out string value, out string? reason)
    {
        _parsed?.Dispose();
        _parsed = null;
        value = reader.GetString(ordinal);
        reason = JsonText.Check(value, out _parsed);
        _parsedText = value;
        return reason is null;
    }

    protected override string ReadTarget(NpgsqlDataReader reader, int ordinal) => reader.GetString(ordinal);

    protected override string Canonicalize(string value) =>
        _parsed is not null && ReferenceEquals(value, _parsedText) ? JsonText.Canonical(_parsed) : JsonText.Canonical(value);
}
