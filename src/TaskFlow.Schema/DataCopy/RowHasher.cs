using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaskFlow.Schema.DataCopy;

/// <summary>A table checksum over canonical rows in key order: SHA-256 of length-prefixed values, NULL distinct from ''.</summary>
internal sealed class RowHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _row = new();

    public void Add(IReadOnlyList<string?> values)
    {
        _row.Clear();
        foreach (var value in values)
        {
            if (value is null)
                _row.Append("N;");
            else
                _row.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
        }
        _row.Append('\n');
        var length = Encoding.UTF8.GetMaxByteCount(_row.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var chars = _row.ToString();
            var written = Encoding.UTF8.GetBytes(chars, buffer);
            _hash.AppendData(buffer, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset())[..16];

    public void Dispose() => _hash.Dispose();
}
