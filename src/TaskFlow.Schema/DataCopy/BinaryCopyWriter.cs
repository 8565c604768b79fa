using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Npgsql;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Writes PostgreSQL's binary COPY format itself (header, rows of length-prefixed fields, trailer) into a buffer it
/// hands to Npgsql's raw COPY stream in large pieces. Each value costs a few byte writes instead of a typed parameter
/// bound, resolved and written per value; and what reaches PostgreSQL is exactly the bytes written here, so no driver
/// mapping (such as DateTime's maximum becoming <c>infinity</c>) can change a value on the way in.
/// </summary>
/// <remarks>Disposing a writer that was not completed cancels the COPY: nothing of it is kept.</remarks>
internal sealed class BinaryCopyWriter : IDisposable
{
    // "PGCOPY\n\377\r\n\0", then the flags (no OIDs) and the length of the header extension (none).
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r',
        (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private const int BufferSize = 64 * 1024;

    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;
    private ArrayBufferWriter<byte> _array = new(256);
    private bool _done;

    private BinaryCopyWriter(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        Header.CopyTo(_buffer);
        _used = Header.Length;
    }

    /// <summary>Starts <paramref name="copy"/>, a <c>COPY … FROM STDIN (FORMAT BINARY)</c>.</summary>
    public static BinaryCopyWriter Begin(NpgsqlConnection connection, string copy) => new(connection.BeginRawBinaryCopy(copy));

    public void StartRow(int fields) => BinaryPrimitives.WriteInt16BigEndian(Room(2), checked((short)fields));

    public void WriteNull() => BinaryPrimitives.WriteInt32BigEndian(Room(4), -1);

    public void WriteBoolean(bool value) => Field(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Field(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Field(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Field(8), value);

    /// <summary>timestamp and timestamptz: microseconds since 2000-01-01 00:00:00 (UTC for timestamptz), for every value
    /// DateTime holds, its minimum and maximum included (a driver would send those as -infinity and infinity).</summary>
    public void WriteTimestamp(DateTime value) => WriteInt64((value.Ticks - PostgresEpochTicks) / 10);

    /// <summary>date: days since 2000-01-01 (a driver would send DateOnly's minimum and maximum as -infinity and infinity).</summary>
    public void WriteDate(DateOnly value) => WriteInt32(value.DayNumber - PostgresEpochDay);

    /// <summary>uuid: its 16 bytes in the order its text shows them.</summary>
    public void WriteUuid(Guid value) => value.TryWriteBytes(Field(16), bigEndian: true, out _);

    /// <summary>A field of exactly <paramref name="length"/> bytes, for the caller to fill.</summary>
    public Span<byte> Field(int length)
    {
        var span = Room(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        return span[4..];
    }

    /// <summary>A field of <paramref name="value"/>'s bytes (text's binary format is its UTF-8).</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        if (4 + value.Length <= BufferSize)
        {
            value.CopyTo(Field(value.Length));
            return;
        }
        // Larger than the buffer: the length buffered, the value handed to the stream as it is.
        BinaryPrimitives.WriteInt32BigEndian(Room(4), value.Length);
        Flush();
        _stream.Write(value);
    }

    /// <summary>
    /// numeric: the number of base-10000 digits, the weight of the first, the sign, the digits after the point (display
    /// scale), then the digits. Made from the value's text, which holds its scale (9.90 keeps two digits after the point).
    /// </summary>
    public void WriteNumeric(decimal value)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        var number = (ReadOnlySpan<char>)text[..length];
        var negative = number[0] == '-';
        if (negative)
            number = number[1..];
        var dot = number.IndexOf('.');
        var integer = (dot < 0 ? number : number[..dot]).TrimStart('0');
        var fraction = dot < 0 ? [] : number[(dot + 1)..];
        var integerGroups = (integer.Length + 3) / 4;
        Span<short> digits = stackalloc short[integerGroups + (fraction.Length + 3) / 4];
        var count = 0;
        // The integer part in groups of four from the point leftwards, the first group possibly shorter.
        for (var end = integer.Length - (integerGroups - 1) * 4; count < integerGroups; end += 4)
            digits[count++] = Group(integer[Math.Max(0, end - 4)..end]);
        // The fraction in groups of four from the point rightwards, the last one padded with zeros.
        for (var start = 0; start < fraction.Length; start += 4)
        {
            var group = fraction[start..Math.Min(fraction.Length, start + 4)];
            var d = Group(group);
            for (var i = group.Length; i < 4; i++)
                d = (short)(d * 10);
            digits[count++] = d;
        }
        var zero = !digits[..count].ContainsAnyExcept((short)0);
        var ndigits = zero ? 0 : count;
        var field = Field(8 + 2 * ndigits);
        BinaryPrimitives.WriteInt16BigEndian(field, (short)ndigits);
        BinaryPrimitives.WriteInt16BigEndian(field[2..], zero ? (short)0 : (short)(integerGroups - 1));
        BinaryPrimitives.WriteUInt16BigEndian(field[4..], negative && !zero ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(field[6..], (short)fraction.Length);
        for (var i = 0; i < ndigits; i++)
            BinaryPrimitives.WriteInt16BigEndian(field[(8 + 2 * i)..], digits[i]);
    }

    private static short Group(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
            value = value * 10 + (c - '0');
        return (short)value;
    }

    /// <summary>
    /// text[] (or varchar[], by <paramref name="elementType"/>'s OID): dimensions (one, none when empty), a has-NULLs
    /// flag, the element type, each dimension's length and lower bound (1), then every element length-prefixed.
    /// </summary>
    public void WriteTextArray(IReadOnlyList<string> value, uint elementType)
    {
        if (_array.Capacity > 1 << 20)
            _array = new ArrayBufferWriter<byte>(256);
        _array.ResetWrittenCount();
        var head = _array.GetSpan(20);
        BinaryPrimitives.WriteInt32BigEndian(head, value.Count == 0 ? 0 : 1);
        BinaryPrimitives.WriteInt32BigEndian(head[4..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(head[8..], elementType);
        BinaryPrimitives.WriteInt32BigEndian(head[12..], value.Count);
        BinaryPrimitives.WriteInt32BigEndian(head[16..], 1);
        _array.Advance(value.Count == 0 ? 12 : 20);
        foreach (var item in value)
        {
            var span = _array.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(item.Length));
            var length = Encoding.UTF8.GetBytes(item, span[4..]);
            BinaryPrimitives.WriteInt32BigEndian(span, length);
            _array.Advance(4 + length);
        }
        WriteBytes(_array.WrittenSpan);
    }

    /// <summary>Ends the COPY: the trailer written and PostgreSQL's confirmation read (errors in the data surface here).</summary>
    public void Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(Room(2), -1);
        Flush();
        _done = true;
        _stream.Dispose();
    }

    public void Dispose()
    {
        if (_done)
            return;
        _done = true;
        try
        {
            _stream.Cancel();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            // The connection is broken or the COPY already failed: the transaction it belongs to is rolled back either way.
        }
    }

    // The next n buffered bytes, flushing first when they do not fit.
    private Span<byte> Room(int n)
    {
        if (_used + n > BufferSize)
            Flush();
        var span = _buffer.AsSpan(_used, n);
        _used += n;
        return span;
    }

    private void Flush()
    {
        if (_used == 0)
            return;
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
