using System.Globalization;
using MySqlConnector;
using Npgsql;
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

    protected override decimal ReadTarget(NpgsqlDataReader reader, int ordinal) => reader.GetDecimal(ordinal);

    // 9.90 and 9.9 are the same number; scale is the column's business, not the value's.
    protected override string Canonicalize(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
            text = text.TrimEnd('0').TrimEnd('.');
        return text == "-0" ? "0" : text;
    }
}
