using System.Globalization;
using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>DECIMAL to numeric, exact (System.Decimal, 28 digits; wider values are refused, not rounded).</summary>
internal sealed class DecimalConverter(TargetColumn column) : ColumnConverter<decimal>(column, NpgsqlDbType.Numeric)
{
    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out decimal value, out string? reason)
    {
        try
        {
            value = reader.GetDecimal(ordinal);
            reason = null;
            return true;
        }
        catch (OverflowException)
        {
            value = 0;
            reason = "has more digits than the copy carries exactly (28)";
            return false;
        }
    }

    protected override void WriteValue(BinaryCopyWriter writer, decimal value) => writer.WriteNumeric(value);

    // MySQL sends a DECIMAL with its column's scale, which the value keeps and numeric(p,s) prints too: 9.90 stays
    // 9.90 on both sides, and a column of another scale on PostgreSQL shows as a difference. Zero has no sign in numeric.
    protected override string Canonicalize(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return value == 0 && text.StartsWith('-') ? text[1..] : text;
    }
}
