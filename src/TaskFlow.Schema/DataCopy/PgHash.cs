using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// PostgreSQL's 64-bit string hash, the one behind <c>hashtextextended(text, bigint)</c> (Bob Jenkins' 2006 hash
/// as PostgreSQL adapted it, little-endian byte order): the same bytes and seed give the same value here as on the
/// server, so one side of a comparison can be hashed by PostgreSQL itself. Fed in pieces, since the length, known
/// in advance, is part of the initial state. <see cref="DataVerifier"/> checks it against the server before relying
/// on it.
/// </summary>
internal struct PgHash
{
    private uint _a, _b, _c;
    // Bytes of an unfinished 12-byte block, little-endian, and how many.
    private ulong _pendingLow;
    private uint _pendingHigh;
    private int _pending;

    /// <summary>Starts a hash of <paramref name="length"/> bytes in all (they must then be appended exactly).</summary>
    public PgHash(int length, ulong seed)
    {
        _a = _b = _c = 0x9e3779b9u + (uint)length + 3923095u;
        if (seed != 0)
        {
            // The seed counts as one 12-byte block of data, its last four bytes zero.
            _a += (uint)(seed >> 32);
            _b += (uint)seed;
            Mix(ref _a, ref _b, ref _c);
        }
    }

    /// <summary>The hash of <paramref name="bytes"/> in one go: the same value as pieces give, in registers.</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes, ulong seed)
    {
        uint a, b, c;
        a = b = c = 0x9e3779b9u + (uint)bytes.Length + 3923095u;
        if (seed != 0)
        {
            a += (uint)(seed >> 32);
            b += (uint)seed;
            Mix(ref a, ref b, ref c);
        }
        while (bytes.Length >= 12)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            b += BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
            Mix(ref a, ref b, ref c);
            bytes = bytes[12..];
        }
        // The last 0 to 11 bytes, as in Finish: the lowest byte of c stays free.
        Span<byte> tail = stackalloc byte[12];
        tail.Clear();
        bytes.CopyTo(tail);
        a += BinaryPrimitives.ReadUInt32LittleEndian(tail);
        b += BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        c += BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]) << 8;
        Final(ref a, ref b, ref c);
        return ((ulong)b << 32) | c;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (_pending > 0 && bytes.Length > 0)
        {
            Take(bytes[0]);
            bytes = bytes[1..];
        }
        while (bytes.Length > 12)
        {
            _a += BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            _b += BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            _c += BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
            Mix(ref _a, ref _b, ref _c);
            bytes = bytes[12..];
        }
        // A last full block may be the end of the data, which is not mixed: it waits for more or for Finish.
        foreach (var b in bytes)
            Take(b);
    }

    private void Take(byte value)
    {
        if (_pending == 12)
            MixPending();
        if (_pending < 8)
            _pendingLow |= (ulong)value << (8 * _pending);
        else
            _pendingHigh |= (uint)value << (8 * (_pending - 8));
        _pending++;
    }

    private void MixPending()
    {
        _a += (uint)_pendingLow;
        _b += (uint)(_pendingLow >> 32);
        _c += _pendingHigh;
        Mix(ref _a, ref _b, ref _c);
        _pendingLow = 0;
        _pendingHigh = 0;
        _pending = 0;
    }

    public ulong Finish()
    {
        if (_pending == 12)
        {
            MixPending();
        }
        else
        {
            // The last 0 to 11 bytes: the lowest byte of c stays free (PostgreSQL's tail shifts c's bytes up by one).
            _a += (uint)_pendingLow;
            _b += (uint)(_pendingLow >> 32);
            _c += _pendingHigh << 8;
        }
        Final(ref _a, ref _b, ref _c);
        return ((ulong)_b << 32) | _c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
