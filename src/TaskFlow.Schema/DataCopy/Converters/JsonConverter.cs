using System.Buffers;
using System.Text;
using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// JSON (text on MariaDB) to jsonb, validated first so one bad document cannot abort a table's COPY.
/// The canonical form is jsonb's own text (<see cref="JsonText"/>): what PostgreSQL sends back for a
/// jsonb value is compared as it is. A json (not jsonb) column keeps its text as written, so the
/// value read back from one is brought to the canonical form first. The document travels as MySQL's
/// UTF-8 bytes: parsed, hashed (its canonical form) and written to binary COPY without a string.
/// </summary>
internal sealed class JsonConverter(TargetColumn column)
    : ColumnConverter<Utf8Value>(column, column.TypeName == "json" ? NpgsqlDbType.Json : NpgsqlDbType.Jsonb)
{
    // jsonb's binary format: a version byte (1), then the document's text.
    private const byte JsonbVersion = 1;

    private readonly Utf8Value _bytes = new(column.TypeName == "json" ? 0 : 1);

    // The canonical form's UTF-8, written by the check of the current source value, so that hashing it needs no second
    // parse and no string.
    private ArrayBufferWriter<byte> _canonical = new(4096);

    public override string SourceExpression(string quoted, SourceColumn source) => Utf8Value.SourceExpression(quoted, source);

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out Utf8Value value, out string? reason)
    {
        _bytes.Read(reader, ordinal, JsonbVersion);
        value = _bytes;
        // Do not keep a buffer grown by one huge document for the rest of the table.
        if (_canonical.Capacity > 1 << 20)
            _canonical = new ArrayBufferWriter<byte>(4096);
        reason = JsonText.Check(_bytes.Memory, _canonical);
        return reason is null;
    }

    // The document as written (PostgreSQL parses it into the same jsonb), after the version byte for jsonb.
    protected override void WriteValue(BinaryCopyWriter writer, Utf8Value value) => writer.WriteBytes(value.WithPrefix);

    protected override string Canonicalize(Utf8Value value) => Encoding.UTF8.GetString(_canonical.WrittenSpan);

    protected override ulong DigestValue(RowDigest digest, Utf8Value value, ulong seed) => PgHash.Of(_canonical.WrittenSpan, seed);

    // jsonb prints its canonical form. A json column keeps its text as written, so it is brought to that form; its text
    // that jsonb would refuse (json keeps \u0000, for one) is compared as it is: a difference, not a crash.
    protected override string TargetText(string text) => DbType == NpgsqlDbType.Jsonb ? text : Canonical(text);

    private static string Canonical(string text) => JsonText.Check(text, out var canonical) is null ? canonical! : text;
}
