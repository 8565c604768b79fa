using System.Buffers;
using System.Text;
using MySqlConnector;
using Npgsql;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// JSON (text on MariaDB) to jsonb, validated first so one bad document cannot abort a table's COPY.
/// The canonical form is jsonb's own text (<see cref="JsonText"/>): what PostgreSQL sends back for a
/// jsonb value is compared as it is. A json (not jsonb) column keeps its text as written, so the
/// value read back from one is brought to the canonical form first.
/// </summary>
internal sealed class JsonConverter(TargetColumn column)
    : ColumnConverter<string>(column, column.TypeName == "json" ? NpgsqlDbType.Json : NpgsqlDbType.Jsonb)
{
    // The canonical form's UTF-8, written by the check of the current source value, so that hashing it needs no second
    // parse and no string.
    private ArrayBufferWriter<byte> _canonical = new(4096);
    private string? _checkedText;

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out string value, out string? reason)
    {
        value = reader.GetString(ordinal);
        // Do not keep a buffer grown by one huge document for the rest of the table.
        if (_canonical.Capacity > 1 << 20)
            _canonical = new ArrayBufferWriter<byte>(4096);
        reason = JsonText.Check(value, _canonical);
        _checkedText = reason is null ? value : null;
        return reason is null;
    }

    protected override string Canonicalize(string value) =>
        ReferenceEquals(value, _checkedText) ? Encoding.UTF8.GetString(_canonical.WrittenSpan) : Canonical(value);

    protected override ulong DigestValue(RowDigest digest, string value, ulong seed) =>
        ReferenceEquals(value, _checkedText) ? PgHash.Of(_canonical.WrittenSpan, seed) : digest.Hash(Canonical(value), seed);

    // jsonb prints its canonical form. A json column keeps its text as written, so it is brought to that form; its text
    // that jsonb would refuse (json keeps \u0000, for one) is compared as it is: a difference, not a crash.
    protected override string TargetText(string text) => DbType == NpgsqlDbType.Jsonb ? text : Canonical(text);

    private static string Canonical(string text) => JsonText.Check(text, out var canonical) is null ? canonical! : text;
}
