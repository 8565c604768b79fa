using System.Globalization;
using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>TINYINT(1) to boolean: 0 and 1 only; any other number is refused rather than read as true.</summary>
internal sealed class BooleanConverter(TargetColumn column) : ColumnConverter<bool>(column, NpgsqlDbType.Boolean)
{
    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out bool value, out string? reason)
    {
        var raw = reader.GetValue(ordinal);
        var number = raw is bool b ? (b ? 1 : 0) : Convert.ToInt64(raw, CultureInfo.InvariantCulture);
        value = number == 1;
        reason = number is 0 or 1 ? null : $"TINYINT(1) holds {number}; only 0 and 1 are booleans";
        return reason is null;
    }

    protected override void WriteValue(BinaryCopyWriter writer, bool value) => writer.WriteBoolean(value);

    protected override string Canonicalize(bool value) => value ? "true" : "false";

    protected override ulong DigestValue(RowDigest digest, bool value, ulong seed) => PgHash.Of(value ? "true"u8 : "false"u8, seed);
}
