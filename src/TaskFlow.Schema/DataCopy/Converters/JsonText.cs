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

    public const string NulReason = "JSON string contains \\u0000, which PostgreSQL jsonb refuses";

    /// <summary>Parses <paramref name="text"/>; null when jsonb would accept it, else the reason.</summary>
    public static string? Check(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, Options);
            return CheckStrings(document.RootElement);
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
        var b = new StringBuilder(text.Length);
        Write(b, document.RootElement);
        return b.ToString();
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

    private static void Write(StringBuilder b, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                    properties[property.Name] = property.Value;
                b.Append('{');
                var first = true;
                foreach (var (name, value) in properties)
                {
                    if (!first) b.Append(',');
                    first = false;
                    b.Append(JsonSerializer.Serialize(name)).Append(':');
                    Write(b, value);
                }
                b.Append('}');
                break;
            case JsonValueKind.Array:
                b.Append('[');
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (i++ > 0) b.Append(',');
                    Write(b, item);
                }
                b.Append(']');
                break;
            case JsonValueKind.String:
                b.Append(JsonSerializer.Serialize(element.GetString()));
                break;
            case JsonValueKind.Number:
                b.Append(Number(element.GetRawText()));
                break;
            default:
                b.Append(element.GetRawText());
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
