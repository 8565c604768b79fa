using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// Checks JSON text the way PostgreSQL's jsonb input does, and writes its canonical form: the text
/// PostgreSQL's jsonb output gives for the same document. Keys ordered as jsonb stores them (shorter
/// first, then bytewise), the last of duplicate keys kept, ", " and ": " between items, strings
/// escaped as jsonb escapes them, numbers as PostgreSQL's numeric prints them (1e2 is 100, 1.50
/// stays 1.50). A jsonb value read back from PostgreSQL is therefore already canonical: verification
/// hashes it as it arrives, without parsing it again.
/// </summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 4096 };

    // PostgreSQL's numeric limits: exponents below INT_MAX / 2, at most 131072 digits before the point and 16383 after.
    private const long MaxExponent = int.MaxValue / 2;
    private const int MaxIntegerDigits = 131072;
    private const int MaxScale = 16383;

    // One buffer per thread: each loading or verifying table runs on its own thread.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    public const string NulReason = "JSON string contains \\u0000, which PostgreSQL jsonb refuses";

    /// <summary>Parses <paramref name="text"/>; null when jsonb would accept it, else the reason.</summary>
    public static string? Check(string text) => Check(text, out _);

    /// <summary>
    /// Like <see cref="Check(string)"/>, and gives the canonical form of an accepted document (null otherwise): the
    /// checks jsonb makes beyond syntax (no \u0000, numbers within numeric's range) are made while writing it.
    /// </summary>
    public static string? Check(string text, out string? canonical)
    {
        canonical = null;
        if (Parse(text, out var document) is { } reason)
            return reason;
        using (document)
            return Checked(document!, out canonical);
    }

    /// <summary>
    /// Like <see cref="Check(string, out string?)"/> for a document given as UTF-8, with the canonical form's UTF-8 written
    /// into <paramref name="canonical"/> (emptied first) rather than made a string.
    /// </summary>
    public static string? Check(ReadOnlyMemory<byte> utf8, ArrayBufferWriter<byte> canonical)
    {
        canonical.ResetWrittenCount();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            return "invalid JSON: " + FirstSentence(e.Message);
        }
        using (document)
        {
            try
            {
                return Write(canonical, document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                return "invalid JSON string: " + FirstSentence(e.Message);
            }
        }
    }

    /// <summary>Parses a JSON array of strings (a list column stored as JSON on MySQL).</summary>
    public static string[]? ParseStringArray(string text, out string? reason)
    {
        reason = Parse(text, out var document);
        if (reason is not null)
            return null;
        using (document)
        {
            reason = Checked(document!, out _);
            if (reason is not null)
                return null;
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                reason = "expected a JSON array of strings for a text[] column";
                return null;
            }
            return root.EnumerateArray().Select(e => e.GetString()!).ToArray();
        }
    }

    private static string? Parse(string text, out JsonDocument? document)
    {
        document = null;
        try
        {
            document = JsonDocument.Parse(text, Options);
            return null;
        }
        catch (JsonException e)
        {
            return "invalid JSON: " + FirstSentence(e.Message);
        }
    }

    // Writes the canonical form, which makes the checks beyond syntax on the way. The caller owns the document.
    private static string? Checked(JsonDocument document, out string? canonical)
    {
        canonical = null;
        try
        {
            var buffer = Buffer();
            var reason = Write(buffer, document.RootElement);
            if (reason is null)
                canonical = Encoding.UTF8.GetString(buffer.WrittenSpan);
            Release(buffer);
            return reason;
        }
        catch (InvalidOperationException e)
        {
            return "invalid JSON string: " + FirstSentence(e.Message);
        }
    }

    /// <summary>The canonical form of a list of strings: the jsonb text of the JSON array of them.</summary>
    public static string Canonical(IReadOnlyList<string> items)
    {
        var buffer = Buffer();
        Append(buffer, "["u8);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
                Append(buffer, ", "u8);
            Escaped(buffer, Encoding.UTF8.GetBytes(items[i]));
        }
        Append(buffer, "]"u8);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Release(buffer);
        return text;
    }

    private static ArrayBufferWriter<byte> Buffer()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        return buffer;
    }

    // Do not keep a buffer grown by one huge document for the rest of the table.
    private static void Release(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > 1 << 20)
            t_buffer = null;
    }

    private static string? Write(ArrayBufferWriter<byte> w, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return WriteObject(w, element);
            case JsonValueKind.Array:
                Append(w, "["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                        Append(w, ", "u8);
                    first = false;
                    if (Write(w, item) is { } reason)
                        return reason;
                }
                Append(w, "]"u8);
                return null;
            case JsonValueKind.String:
                return WriteString(w, element);
            case JsonValueKind.Number:
                return WriteNumber(w, JsonMarshal.GetRawUtf8Value(element));
            case JsonValueKind.True:
                Append(w, "true"u8);
                return null;
            case JsonValueKind.False:
                Append(w, "false"u8);
                return null;
            default:
                Append(w, "null"u8);
                return null;
        }
    }

    private static string? WriteObject(ArrayBufferWriter<byte> w, JsonElement element) =>
        InJsonbOrder(element) ? WriteInOrder(w, element) : WriteSorted(w, element);

    // Whether the keys, as written, are already in jsonb's order without duplicates and need no decoding: then the
    // object is written as it is, without gathering and sorting its members.
    private static bool InJsonbOrder(JsonElement element)
    {
        ReadOnlySpan<byte> previous = default;
        var first = true;
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.IndexOf((byte)'\\') >= 0)
                return false;
            if (!first && (name.Length < previous.Length || name.Length == previous.Length && name.SequenceCompareTo(previous) <= 0))
                return false;
            previous = name;
            first = false;
        }
        return true;
    }

    private static string? WriteInOrder(ArrayBufferWriter<byte> w, JsonElement element)
    {
        Append(w, "{"u8);
        var first = true;
        foreach (var property in element.EnumerateObject())
        {
            if (!first)
                Append(w, ", "u8);
            first = false;
            Escaped(w, JsonMarshal.GetRawUtf8PropertyName(property));
            Append(w, ": "u8);
            if (Write(w, property.Value) is { } reason)
                return reason;
        }
        Append(w, "}"u8);
        return null;
    }

    private static string? WriteSorted(ArrayBufferWriter<byte> w, JsonElement element)
    {
        var properties = new List<(byte[] Name, int Order, JsonElement Value)>();
        foreach (var property in element.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            // Without a backslash the raw bytes are the name; an escaped name is decoded first.
            var name = raw.IndexOf((byte)'\\') < 0 ? raw.ToArray() : Encoding.UTF8.GetBytes(property.Name);
            if (name.AsSpan().IndexOf((byte)0) >= 0)
                return NulReason;
            properties.Add((name, properties.Count, property.Value));
        }
        // jsonb's order: shorter keys first, then bytewise; of duplicate keys the last one wins.
        properties.Sort(static (a, b) => a.Name.Length != b.Name.Length ? a.Name.Length.CompareTo(b.Name.Length)
            : a.Name.AsSpan().SequenceCompareTo(b.Name) is var c and not 0 ? c : a.Order.CompareTo(b.Order));
        Append(w, "{"u8);
        var first = true;
        for (var i = 0; i < properties.Count; i++)
        {
            if (i + 1 < properties.Count && properties[i + 1].Name.AsSpan().SequenceEqual(properties[i].Name))
                continue;
            if (!first)
                Append(w, ", "u8);
            first = false;
            Escaped(w, properties[i].Name);
            Append(w, ": "u8);
            if (Write(w, properties[i].Value) is { } reason)
                return reason;
        }
        Append(w, "}"u8);
        return null;
    }

    private static string? WriteString(ArrayBufferWriter<byte> w, JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element)[1..^1];
        if (raw.IndexOf((byte)'\\') < 0)
        {
            // Valid JSON has no raw quote or control character inside a string: the bytes need no escaping.
            Append(w, "\""u8);
            Append(w, raw);
            Append(w, "\""u8);
            return null;
        }
        var value = Encoding.UTF8.GetBytes(element.GetString()!);
        if (value.AsSpan().IndexOf((byte)0) >= 0)
            return NulReason;
        Escaped(w, value);
        return null;
    }

    // PostgreSQL's escape_json: \b \f \n \r \t \" \\ by name, other control characters as \u00xx, the rest as is.
    private static void Escaped(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> value)
    {
        Append(w, "\""u8);
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
                continue;
            Append(w, value[start..i]);
            start = i + 1;
            switch (b)
            {
                case (byte)'\b': Append(w, "\\b"u8); break;
                case (byte)'\f': Append(w, "\\f"u8); break;
                case (byte)'\n': Append(w, "\\n"u8); break;
                case (byte)'\r': Append(w, "\\r"u8); break;
                case (byte)'\t': Append(w, "\\t"u8); break;
                case (byte)'"': Append(w, "\\\""u8); break;
                case (byte)'\\': Append(w, "\\\\"u8); break;
                default:
                    Append(w, "\\u00"u8);
                    Append(w, [Hex(b >> 4), Hex(b & 0xF)]);
                    break;
            }
        }
        Append(w, value[start..]);
        Append(w, "\""u8);
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    /// <summary>
    /// A JSON number as PostgreSQL's numeric prints it: no exponent, digits after the point = the digits written after
    /// it minus the exponent (never below zero), no sign on zero. -12.50e1 is -125.0; 1e2 is 100; 15e-1 is 1.5.
    /// </summary>
    private static string? WriteNumber(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> raw)
    {
        // An integer (JSON allows no leading zeros) prints as written, except that zero has no sign.
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            if (raw.Length - (raw[0] == (byte)'-' ? 1 : 0) > MaxIntegerDigits)
                return OutOfRange(raw);
            Append(w, raw.SequenceEqual("-0"u8) ? "0"u8 : raw);
            return null;
        }
        var negative = raw[0] == (byte)'-';
        var body = negative ? raw[1..] : raw;
        long exponent = 0;
        var e = body.IndexOfAny((byte)'e', (byte)'E');
        if (e >= 0)
        {
            if (!long.TryParse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || Math.Abs(exponent) >= MaxExponent)
                return OutOfRange(raw);
            body = body[..e];
        }
        var dot = body.IndexOf((byte)'.');
        var integer = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? [] : body[(dot + 1)..];
        var scale = Math.Max(0, fraction.Length - exponent);
        // All digits, and where the point falls among them once the exponent is applied.
        var digits = new byte[integer.Length + fraction.Length];
        integer.CopyTo(digits);
        fraction.CopyTo(digits.AsSpan(integer.Length));
        var point = integer.Length + exponent;
        var firstNonZero = digits.AsSpan().IndexOfAnyExcept((byte)'0');
        if (scale > MaxScale || firstNonZero >= 0 && point - firstNonZero > MaxIntegerDigits)
            return OutOfRange(raw);
        if (negative && firstNonZero >= 0)
            Append(w, "-"u8);
        // The integer part: the digits before the point, then zeros when the point is past them; no leading zeros.
        var intPart = point <= 0 ? [] : digits.AsSpan(0, (int)Math.Min(point, digits.Length));
        var lead = intPart.IndexOfAnyExcept((byte)'0');
        if (lead < 0)
            Append(w, "0"u8);
        else
        {
            Append(w, intPart[lead..]);
            for (var i = digits.Length; i < point; i++)
                Append(w, "0"u8);
        }
        if (scale > 0)
        {
            Append(w, "."u8);
            // Fraction: the digits after the point, zeros before them when the point is left of all digits; exactly scale digits.
            var written = 0;
            for (var i = point; written < scale; i++, written++)
                Append(w, i < 0 || i >= digits.Length ? "0"u8 : digits.AsSpan((int)i, 1));
        }
        return null;
    }

    private static string OutOfRange(ReadOnlySpan<byte> raw) =>
        $"JSON number {BadValue.Show(Encoding.UTF8.GetString(raw))} is out of the range of PostgreSQL's numeric";

    private static void Append(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> bytes) => w.Write(bytes);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }
}
