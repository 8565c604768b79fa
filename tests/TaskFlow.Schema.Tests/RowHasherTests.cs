using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Tests;

/// <summary>The verification checksum: its byte framing, and that the framing keeps different rows apart.</summary>
[TestFixture]
public sealed class RowHasherTests
{
    private static string Hash(params string?[][] rows)
    {
        var hasher = new RowHasher();
        foreach (var row in rows)
            hasher.Add(row);
        return hasher.Finish();
    }

    // The documented format, written out independently: per value an int32 (-1 for NULL, else the UTF-16 length)
    // and the UTF-16LE code units, an int32 -2 per row; XXH3-64 of it all, 16 lower-case hex digits.
    private static string Expected(params string?[][] rows)
    {
        var bytes = new List<byte>();
        void Int(int v)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, v);
            bytes.AddRange(b);
        }
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                Int(value?.Length ?? -1);
                if (value is not null)
                    bytes.AddRange(MemoryMarshal.AsBytes(value.AsSpan()).ToArray());
            }
            Int(-2);
        }
        return XxHash3.HashToUInt64(bytes.ToArray()).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public void The_checksum_is_XXH3_of_the_documented_framing_for_small_and_large_values()
    {
        var large = string.Concat(Enumerable.Repeat("ab😀é", 30_000)); // 150,000 UTF-16 units: hashed in place, not buffered
        string?[][] rows = [["1", "text", null, ""], ["2", large, "x"], ["3", new string('z', 70_000), null]];

        Assert.That(Hash(rows), Is.EqualTo(Expected(rows)));
    }

    [Test]
    public void Null_empty_value_boundaries_and_row_boundaries_all_change_the_checksum()
    {
        var variants = new[]
        {
            Hash(["a", "b"]),
            Hash(["ab", ""]),
            Hash(["a", null]),
            Hash(["a", ""]),
            Hash(["a"], ["b"]),
            Hash(["b", "a"]),
            Hash(["a", "b"], ["a", "b"]),
        };

        Assert.That(variants, Is.Unique);
        string?[] again = ["a", "b"];
        Assert.That(Hash(again), Is.EqualTo(variants[0]), "the same rows give the same checksum");
    }
}
