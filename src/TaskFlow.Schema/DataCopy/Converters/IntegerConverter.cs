using System.Globalization;
using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>Integer types to smallint/integer/bigint, refusing values outside the target's range.</summary>
internal sealed class IntegerConverter(TargetColumn column) : ColumnConverter<long>(column, DbTypeOf(column.TypeName))
{
    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out long value, out string? reason)
    {
        var raw = reader.GetValue(ordinal);
        value = raw is ulong u && u > long.MaxValue ? long.MaxValue : Convert.ToInt64(raw, CultureInfo.InvariantCulture);
        var (min, max) = DbType switch
        {
            NpgsqlDbType.Smallint => ((long)short.MinValue, (long)short.MaxValue),
            NpgsqlDbType.Integer => (int.MinValue, int.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
        reason = value < min || value > max || raw is ulong and > long.MaxValue ? $"out of range for {Column.DisplayType}" : null;
        return reason is null;
    }

    protected override void WriteValue(BinaryCopyWriter writer, long value)
    {
        switch (DbType)
        {
            case NpgsqlDbType.Smallint: writer.WriteInt16((short)value); break;
            case NpgsqlDbType.Integer: writer.WriteInt32((int)value); break;
            default: writer.WriteInt64(value); break;
        }
    }

    protected override string Canonicalize(long value) => value.ToString(CultureInfo.InvariantCulture);

    protected override ulong DigestValue(RowDigest digest, long value, ulong seed)
    {
        Span<byte> text = stackalloc byte[20];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        return PgHash.Of(text[..length], seed);
    }

    private static NpgsqlDbType DbTypeOf(string typeName) => typeName switch
    {
        "int2" => NpgsqlDbType.Smallint,
        "int4" => NpgsqlDbType.Integer,
        _ => NpgsqlDbType.Bigint,
    };
}
