using System.Text;
using System.Text.Unicode;
using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// VARCHAR, TEXT, MEDIUMTEXT to text/varchar: kept as is (4-byte characters included); NUL and bytes that are not UTF-8
/// are refused. The value travels as MySQL's UTF-8 bytes, which are also text's binary COPY format and what is hashed.
/// </summary>
internal sealed class TextConverter(TargetColumn column) : ColumnConverter<Utf8Value>(column, NpgsqlDbType.Text)
{
    internal const string NulReason = "contains a NUL byte (\\0), which PostgreSQL text cannot store";
    internal const string NotUtf8Reason = "is not valid UTF-8";

    private readonly Utf8Value _bytes = new();

    public override string SourceExpression(string quoted, SourceColumn source) => Utf8Value.SourceExpression(quoted, source);

    public override string TargetExpression(string quoted) => quoted;

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out Utf8Value value, out string? reason)
    {
        _bytes.Read(reader, ordinal);
        value = _bytes;
        reason = _bytes.Span.IndexOf((byte)0) >= 0 ? NulReason : !Utf8.IsValid(_bytes.Span) ? NotUtf8Reason : null;
        return reason is null;
    }

    // Text's binary format is its bytes in the client encoding (UTF-8): written as they are.
    protected override void WriteValue(BinaryCopyWriter writer, Utf8Value value) => writer.WriteBytes(value.Span);

    protected override string Canonicalize(Utf8Value value) => Encoding.UTF8.GetString(value.Span);

    protected override ulong DigestValue(RowDigest digest, Utf8Value value, ulong seed) => PgHash.Of(value.Span, seed);
}
