using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// A table checksum over canonical rows in key order: SHA-256 of length-prefixed values, NULL distinct
/// from ''. Row format: per value "N;" or "LENGTH:VALUE;" (LENGTH in UTF-16 code units, VALUE in
/// UTF-8), then "\n". The loader (source side) and the verifier (target side) must produce the same
/// bytes for the same rows, so this is the only place that defines them.
/// </summary>
internal sealed class RowHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    // Reused across rows: one buffer per table, grown to the widest row, instead of a string and an array per row.
    private const int LargeValue = 64 * 1024;

    private byte[] _buffer = new byte[4096];
    private int _used;

    public long Rows { get; private set; }

    public void Add(IReadOnlyList<string?> values)
    {
        for (var i = 0; i < values.Count; i++)
            Value(values[i]);
        End();
    }

    private void Value(string? value)
    {
        if (value is null)
        {
            Ensure(2);
            _buffer[_used++] = (byte)'N';
            _buffer[_used++] = (byte)';';
            return;
        }
        Ensure(16);
        Utf8Formatter.TryFormat(value.Length, _buffer.AsSpan(_used), out var digits);
        _used += digits;
        _buffer[_used++] = (byte)':';
        if (value.Length > LargeValue)
        {
            // A 16 MB text must not leave a 48 MB buffer behind: hash it from a rented array instead.
            _hash.AppendData(_buffer, 0, _used);
            _used = 0;
            var large = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
            _hash.AppendData(large, 0, Encoding.UTF8.GetBytes(value, large));
            ArrayPool<byte>.Shared.Return(large);
        }
        else
        {
            Ensure(Encoding.UTF8.GetMaxByteCount(value.Length) + 1);
            _used += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used));
        }
        Ensure(1);
        _buffer[_used++] = (byte)';';
    }

    private void End()
    {
        Ensure(1);
        _buffer[_used++] = (byte)'\n';
        _hash.AppendData(_buffer, 0, _used);
        _used = 0;
        Rows++;
    }

    private void Ensure(int more)
    {
        if (_used + more <= _buffer.Length)
            return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + more));
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset())[..16];

    public void Dispose() => _hash.Dispose();
}
