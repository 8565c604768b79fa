using System.Globalization;
using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>DATE to date; zero and partial dates are refused.</summary>
internal sealed class DateConverter(TargetColumn column) : ColumnConverter<DateOnly>(column, NpgsqlDbType.Date)
{
    private readonly byte[] _text = new byte[MySqlTemporal.MaxSourceLength];

    public override string SourceExpression(string quoted, SourceColumn source) => MySqlTemporal.SourceExpression(quoted);

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out DateOnly value, out string? reason)
    {
        var ok = MySqlTemporal.TryRead(reader, ordinal, withTime: false, _text, out var moment, out reason);
        value = DateOnly.FromDateTime(moment);
        return ok;
    }

    protected override void WriteValue(BinaryCopyWriter writer, DateOnly value) => writer.WriteDate(value);

    // yyyy-MM-dd, as date prints with DateStyle ISO (years below 1000 with leading zeros, like 0001-01-01).
    protected override string Canonicalize(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
