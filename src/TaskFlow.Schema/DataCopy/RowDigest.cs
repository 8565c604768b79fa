using System.Globalization;
using System.Text;
using System.Text.Unicode;
using TaskFlow.Schema.DataCopy.Converters;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// A table's verification checksum over canonical values, computed the same way here and by PostgreSQL (see
/// <see cref="Sql"/>), so that the target side needs no read-back: every value's UTF-8 hashed with PostgreSQL's
/// <c>hashtextextended</c> (<see cref="PgHash"/>), seeded by its row's key and its column's position, and all of
/// them combined with XOR. A NULL stands for the complement of its seed. The seed ties each value to its row and
/// column, so a lost, added or altered row or value, or values swapped between rows or columns, changes the result
/// with overwhelming probability (it is not meant to resist someone crafting collisions); the order of the rows
/// does not matter. Keys are unique, so no two terms can cancel out.
/// </summary>
internal sealed class RowDigest(int keyOrdinal)
{
    // Values up to this many UTF-16 units are encoded into one buffer; longer ones are hashed in slices.
    private const int SliceChars = 16 * 1024;
    private readonly byte[] _buffer = new byte[SliceChars * 3];
    private ulong _digest;

    public long Rows { get; private set; }

    public void Add(IReadOnlyList<string?> values)
    {
        var key = Hash(values[keyOrdinal]!, 0);
        var digest = 0UL;
        for (var i = 0; i < values.Count; i++)
        {
            var seed = Seed(key, i);
            digest ^= values[i] is { } value ? Hash(value, seed) : Null(seed);
        }
        _digest ^= digest;
        Rows++;
    }

    /// <summary>Adds the row the converters read last, the same as <see cref="Add(IReadOnlyList{string?})"/> of their canonical texts.</summary>
    public void Add(ColumnConverter[] converters)
    {
        var key = converters[keyOrdinal].Digest(this, 0);
        var digest = 0UL;
        for (var i = 0; i < converters.Length; i++)
            digest ^= converters[i].Digest(this, Seed(key, i));
        _digest ^= digest;
        Rows++;
    }

    /// <summary>Takes out rows added before: <paramref name="rows"/> of them, whose digest is <paramref name="digest"/>.</summary>
    public void Remove(long rows, ulong digest)
    {
        _digest ^= digest;
        Rows -= rows;
    }

    /// <summary>What a NULL contributes: the complement of its seed.</summary>
    public static ulong Null(ulong seed) => ~seed;

    public string Finish() => Format(_digest);

    public static string Format(ulong digest) => digest.ToString("x16", CultureInfo.InvariantCulture);

    private static ulong Seed(ulong key, int ordinal) => key ^ (ulong)(ordinal + 1);

    /// <summary>The hash of <paramref name="value"/>'s UTF-8.</summary>
    public ulong Hash(string value, ulong seed)
    {
        if (value.Length <= SliceChars)
        {
            var length = Encoding.UTF8.GetBytes(value, _buffer);
            return PgHash.Of(_buffer.AsSpan(0, length), seed);
        }
        var hash = new PgHash(Encoding.UTF8.GetByteCount(value), seed);
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            // A surrogate pair split by a slice is left for the next one.
            Utf8.FromUtf16(rest[..Math.Min(SliceChars, rest.Length)], _buffer, out var read, out var written,
                replaceInvalidSequences: true, isFinalBlock: rest.Length <= SliceChars);
            hash.Append(_buffer.AsSpan(0, written));
            rest = rest[read..];
        }
        return hash.Finish();
    }

    /// <summary>
    /// The same digest computed by PostgreSQL over <paramref name="table"/>: one row with the count and the digest
    /// (a signed bigint of the same 64 bits). <paramref name="values"/> are text-valued select expressions, in the
    /// order the source side hashes them; COLLATE "C" keeps the hash bytewise whatever the column's collation.
    /// </summary>
    public static string Sql(string table, IReadOnlyList<string> values, int keyOrdinal, string? where = null)
    {
        var inner = string.Join(", ", values.Select((v, i) => $"{v} AS v{i}"));
        var terms = string.Join(" # ", values.Select((_, i) =>
            $"coalesce(hashtextextended(v{i} COLLATE \"C\", kh # {i + 1}::bigint), ~(kh # {i + 1}::bigint))"));
        // The fences (OFFSET 0) keep each value's text computed once per row.
        return $"SELECT count(*) AS rows, coalesce(bit_xor({terms}), 0) AS digest FROM " +
            $"(SELECT hashtextextended(v{keyOrdinal} COLLATE \"C\", 0) AS kh, * FROM " +
            $"(SELECT {inner} FROM {table}{(where is null ? "" : " WHERE " + where)} OFFSET 0) s OFFSET 0) r";
    }
}
