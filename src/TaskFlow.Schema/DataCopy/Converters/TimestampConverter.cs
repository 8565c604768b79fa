using System.Globalization;
using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// TIMESTAMP to timestamptz. The source session runs in UTC (+00:00), so the text MySQL sends is
/// UTC; microseconds are kept.
/// </summary>
internal sealed class TimestampConverter(TargetColumn column)
    : ColumnConverter<DateTime>(column, column.TypeName == "timestamp" ? NpgsqlDbType.Timestamp : NpgsqlDbType.TimestampTz)
{
    private readonly byte[] _text = new byte[MySqlTemporal.MaxSourceLength];

    public override string SourceExpression(string quoted, SourceColumn source) => MySqlTemporal.SourceExpression(quoted);

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out DateTime value, out string? reason)
    {
        var ok = MySqlTemporal.TryRead(reader, ordinal, withTime: true, _text, out value, out reason);
        if (ok && DbType == NpgsqlDbType.Timestamp)
            value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        return ok;
    }

    protected override void WriteValue(BinaryCopyWriter writer, DateTime value) => writer.WriteTimestamp(value);

    // As PostgreSQL prints it in a UTC session with DateStyle ISO: 2025-06-30 23:59:59.1234+00 (fraction without its
    // trailing zeros, none when whole; +00 for timestamptz only). The source values are whole microseconds.
    protected override string Canonicalize(DateTime value) => MySqlTemporal.PostgresText(value, withZone: DbType == NpgsqlDbType.TimestampTz);

    protected override ulong DigestValue(RowDigest digest, DateTime value, ulong seed)
    {
        Span<char> text = stackalloc char[MySqlTemporal.MaxTextLength];
        var length = MySqlTemporal.PostgresText(value, DbType == NpgsqlDbType.TimestampTz, text);
        Span<byte> bytes = stackalloc byte[MySqlTemporal.MaxTextLength];
        System.Text.Ascii.FromUtf16(text[..length], bytes, out _);
        return PgHash.Of(bytes[..length], seed);
    }
}
