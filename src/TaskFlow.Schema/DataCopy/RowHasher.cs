using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// A table checksum over canonical rows in key order: XXH3 (64-bit) of length-prefixed values, NULL
/// distinct from ''. Per value a little-endian int32, -1 for NULL or else the value's length in UTF-16
/// code units followed by those code units (UTF-16LE); per row an int32 -2. The loader (source side)
/// and the verifier (target side) both hold the values as .NET strings, so hashing their UTF-16 as it
/// is needs no re-encoding. The checksum detects a lost, added, reordered or altered row with
/// overwhelming probability; it is not meant to resist someone crafting collisions.
/// </summary>
internal sealed class RowHasher
{
    private const int Null = -1;
    private const int RowEnd = -2;
    // Values up to this size are gathered into one buffer per row; larger ones are hashed in place.
    private const int LargeValue = 32 * 1024;

    private readonly XxHash3 _hash = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _used;

    public long Rows { get; private set; }

    public void Add(IReadOnlyList<string?> values)
    {
        for (var i = 0; i < values.Count; i++)
            Value(values[i]);
        Int(RowEnd);
        Flush();
        Rows++;
    }

    private void Value(string? value)
    {
        if (value is null)
        {
            Int(Null);
            return;
        }
        Int(value.Length);
        var bytes = MemoryMarshal.AsBytes(value.AsSpan());
        if (bytes.Length > LargeValue)
        {
            Flush();
            _hash.Append(bytes);
            return;
        }
        if (_used + bytes.Length > _buffer.Length)
            Flush();
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Int(int value)
    {
        if (_used + sizeof(int) > _buffer.Length)
            Flush();
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), value);
        _used += sizeof(int);
    }

    private void Flush()
    {
        _hash.Append(_buffer.AsSpan(0, _used));
        _used = 0;
    }

    public string Finish()
    {
        Flush();
        return _hash.GetCurrentHashAsUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
