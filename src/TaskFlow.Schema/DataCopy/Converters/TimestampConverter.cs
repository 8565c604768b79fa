using System.Globalization;
using MySqlConnector;
using Npgsql;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// TIMESTAMP to timestamptz. The source session runs in UTC (+00:00), so the text MySQL sends is
/// UTC; microseconds are kept.
/// </summary>
internal sealed class TimestampConverter(TargetColumn column)
    : ColumnConverter<DateTime>(column, column.TypeName == "timestamp" ? NpgsqlDbType.Timestamp : NpgsqlDbType.TimestampTz)
{
    public override string SourceExpression(string quoted) => $"CAST({quoted} AS CHAR)";

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out DateTime value, out string? reason)
    {
        var ok = MySqlTemporal.TryParse(reader.GetString(ordinal), withTime: true, out value, out reason);
        if (ok && DbType == NpgsqlDbType.Timestamp)
            value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        return ok;
    }

    protected override DateTime ReadTarget(NpgsqlDataReader reader, int ordinal) => reader.GetDateTime(ordinal);

    // ISO 8601 to the tick (the round-trip format, which .NET writes without parsing a pattern): Z marks UTC, so a
    // timestamptz read back as UTC matches its source; a timestamp without time zone has no suffix on either side.
    protected override string Canonicalize(DateTime value) => value.ToString("O", CultureInfo.InvariantCulture);
}
