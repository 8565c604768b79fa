using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// VARCHAR(36) to uuid. Only the canonical 8-4-4-4-12 form (either case) is accepted: it is what the
/// application writes, and it keeps MySQL's key order equal to PostgreSQL's for verification.
/// </summary>
internal sealed class UuidConverter(TargetColumn column) : ColumnConverter<Guid>(column, NpgsqlDbType.Uuid)
{
    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out Guid value, out string? reason)
    {
        var raw = reader.GetValue(ordinal);
        if (raw is Guid g)
        {
            value = g;
            reason = null;
            return true;
        }
        var text = raw as string ?? Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        if (text.Length == 36 && Guid.TryParseExact(text, "D", out value))
        {
            reason = null;
            return true;
        }
        value = Guid.Empty;
        reason = "not a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
        return false;
    }

    protected override void WriteValue(BinaryCopyWriter writer, Guid value) => writer.WriteUuid(value);

    protected override string Canonicalize(Guid value) => value.ToString("D");

    protected override ulong DigestValue(RowDigest digest, Guid value, ulong seed)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out var length, "D");
        return PgHash.Of(text[..length], seed);
    }
}
