using System.Text;

namespace TaskFlow.Schema.DataCopy;

/// <summary>A value that cannot be copied: where it is, what it is (truncated, NUL shown as \0) and why.</summary>
public sealed record BadValue(string Table, string Key, string Column, string Reason, string? Value)
{
    /// <summary>How many characters of an offending value are kept.</summary>
    public const int MaxShown = 200;

    /// <summary>A value as it is shown in messages and the quarantine file.</summary>
    public static string? Show(string? raw)
    {
        if (raw is null)
            return null;
        var cut = raw.Length > MaxShown ? raw[..MaxShown] : raw;
        var b = new StringBuilder(cut.Length + 8);
        foreach (var c in cut)
            b.Append(c == '\0' ? "\\0" : c.ToString());
        if (raw.Length > MaxShown)
            b.Append($"... ({raw.Length} characters)");
        return b.ToString();
    }

    /// <summary>One line for the user.</summary>
    public override string ToString() =>
        $"table {Table}, key {Key}, column {Column}: {Reason} (value: {(Value is null ? "NULL" : "'" + Value + "'")})";
}
