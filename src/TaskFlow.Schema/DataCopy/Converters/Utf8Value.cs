using MySqlConnector;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// A text value as the UTF-8 bytes MySQL sent, read into a buffer its converter reuses row after row: no string is
/// made to copy, check or hash it. Room for a leading byte can be kept (jsonb's binary format starts with its version).
/// </summary>
internal sealed class Utf8Value(int prefix = 0)
{
    private const int Small = 4096;
    private byte[] _buffer = new byte[Small];

    /// <summary>The value's bytes.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(prefix, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(prefix, Length);

    /// <summary>The prefix byte and the value's bytes, as binary COPY takes them.</summary>
    public ArraySegment<byte> WithPrefix => new(_buffer, 0, prefix + Length);

    public int Length { get; private set; }

    /// <summary>
    /// The select expression that makes MySQL send a column's text as UTF-8 bytes, whatever its character set. A character
    /// column takes its character set's binary collation: the server then sends it converted to the session's utf8mb4, as
    /// for any column, flagged binary so that its bytes can be read as they are, and evaluates nothing per row (a CAST or
    /// CONVERT copies every value on the server). A binary column (VARBINARY, BLOB) is read as its bytes, which must then be
    /// UTF-8 (converting them would replace what is not with '?'). Other columns (MySQL 8's JSON among them) are converted
    /// and cast.
    /// </summary>
    public static string SourceExpression(string quoted, SourceColumn source) => source switch
    {
        { DataType: "json" } => $"CAST(CONVERT({quoted} USING utf8mb4) AS BINARY)",
        { BinaryCollation: { } collation } => $"{quoted} COLLATE {collation}",
        { DataType: "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" } => quoted,
        _ => $"CAST(CONVERT({quoted} USING utf8mb4) AS BINARY)",
    };

    /// <summary>Reads the value of <paramref name="ordinal"/> (not NULL); <paramref name="prefixByte"/> goes before it.</summary>
    public void Read(MySqlDataReader reader, int ordinal, byte prefixByte = 0)
    {
        var length = checked((int)reader.GetBytes(ordinal, 0, null, 0, 0));
        // Grow for a long value; do not keep a buffer grown by one huge value for the rest of the table.
        if (_buffer.Length < prefix + length || _buffer.Length > 1 << 20 && prefix + length <= Small)
            _buffer = new byte[Math.Max(Small, prefix + length)];
        if (prefix > 0)
            _buffer[0] = prefixByte;
        reader.GetBytes(ordinal, 0, _buffer, prefix, length);
        Length = length;
    }
}
