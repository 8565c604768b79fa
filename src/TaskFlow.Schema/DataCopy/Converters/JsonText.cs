using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// Checks JSON text the way PostgreSQL's jsonb input does, and writes the canonical form both sides
/// are compared by: keys sorted (jsonb reorders them), the last of duplicate keys kept (as jsonb
/// does), numbers reduced to digits and exponent (jsonb turns 1e2 into 100).
/// </summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 4096 };
    private static readonly JsonWriterOptions WriterOptions = new() { MaxDepth = 4096, SkipValidation = true };

    // One writer per thread: each loading or verifying table runs on its own thread.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public const string NulReason = "JSON string contains \\u0000, which PostgreSQL jsonb refuses";

    /// <summary>Parses <paramref name="text"/>; null when jsonb would accept it, else the reason.</summary>
    public static string? Check(string text)
    {
        var reason = Check(text, out var document);
        document?.Dispose();
        return reason;
    }

    /// <summary>
    /// Like <see cref="Check(string)"/>, and hands over the parsed document when the text is accepted, so that
    /// the caller can take its canonical form (<see cref="Canonical(JsonDocument)"/>) without parsing again.
    /// </summary>
    public static string? Check(string text, out JsonDocument? parsed)
    {
        parsed = null;
        try
        {
            var document = JsonDocument.Parse(text, Options);
            string? reason;
            try
            {
                reason = Strings(text, document);
            }
            catch
            {
                document.Dispose();
                throw;
            }
            if (reason is null)
                parsed = document;
            else
                document.Dispose();
            return reason;
        }
        catch (JsonException e)
        {
            return "invalid JSON: " + FirstSentence(e.Message);
        }
        catch (InvalidOperationException e)
        {
            return "invalid JSON string: " + FirstSentence(e.Message);
        }
    }

    // NUL and lone surrogates can only be written as \u escapes (raw control characters are invalid JSON):
    // without one, no string needs decoding to be checked.
    private static string? Strings(string text, JsonDocument document) =>
        text.Contains("\\u", StringComparison.Ordinal) ? CheckStrings(document.RootElement) : null;

    /// <summary>Parses a JSON array of strings (a list column stored as JSON on MySQL).</summary>
    public static string[]? ParseStringArray(string text, out string? reason)
    {
        reason = Check(text);
        if (reason is not null)
            return null;
        using var document = JsonDocument.Parse(text, Options);
        if (document.RootElement.ValueKind != JsonValueKind.Array
            || document.RootElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            reason = "expected a JSON array of strings for a text[] column";
            return null;
        }
        return document.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    /// <summary>The canonical form of valid JSON text.</summary>
    public static string Canonical(string text)
    {
        using var document = JsonDocument.Parse(text, Options);
        return Canonical(document);
    }

    /// <summary>The canonical form of a parsed document.</summary>
    public static string Canonical(JsonDocument document)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        Write(writer, document.RootElement);
        writer.Flush();
        var result = Encoding.UTF8.GetString(buffer.WrittenSpan);
        // Do not keep a buffer grown by one huge document for the rest of the table.
        if (buffer.Capacity > 1 << 20)
            (t_buffer, t_writer) = (null, null);
        return result;
    }

    /// <summary>The canonical form of a list of strings.</summary>
    public static string Canonical(IEnumerable<string> items) => JsonSerializer.Serialize(items);

    private static string? CheckStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0', StringComparison.Ordinal) ? NulReason : null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (CheckStrings(item) is { } r)
                        return r;
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    if (property.Name.Contains('\0', StringComparison.Ordinal))
                        return NulReason;
                    else if (CheckStrings(property.Value) is { } r)
                        return r;
                return null;
            default:
                return null;
        }
    }

    // Writes what JsonSerializer would for each name and string (default encoder, no indentation),
    // straight into one reused UTF-8 buffer: no string per value, no dictionary per object.
    private static void Write(Utf8JsonWriter w, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<(string Name, int Order, JsonElement Value)>();
                foreach (var property in element.EnumerateObject())
                    properties.Add((property.Name, properties.Count, property.Value));
                // Sorted by name, then by position: the last of duplicate names wins, as in jsonb.
                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name) is var c and not 0 ? c : a.Order.CompareTo(b.Order));
                w.WriteStartObject();
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i + 1 < properties.Count && properties[i + 1].Name == properties[i].Name)
                        continue;
                    w.WritePropertyName(properties[i].Name);
                    Write(w, properties[i].Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                    Write(w, item);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                // Without a backslash the raw bytes between the quotes are the value; escapes need decoding first.
                if (raw.IndexOf((byte)'\\') < 0)
                    w.WriteStringValue(raw[1..^1]);
                else
                    w.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                w.WriteRawValue(Number(element.GetRawText()), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                w.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                w.WriteBooleanValue(false);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }

    // -12.500e1 -> -125e0: the digits without leading or trailing zeros, and the power of ten.
    private static string Number(string raw)
    {
        var negative = raw.StartsWith('-');
        var body = negative ? raw[1..] : raw;
        var exponent = 0;
        var e = body.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= body.Length - dot - 1;
            body = body.Remove(dot, 1);
        }
        body = body.TrimStart('0');
        if (body.Length == 0)
            return "0";
        var trimmed = body.TrimEnd('0');
        exponent += body.Length - trimmed.Length;
        return (negative ? "-" : "") + trimmed + "e" + exponent.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }
}
