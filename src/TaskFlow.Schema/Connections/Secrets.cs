using System.Text.RegularExpressions;

namespace TaskFlow.Schema.Connections;

/// <summary>
/// Takes passwords out of text that may echo what the user typed (a URL or connection string given where the command
/// line parser did not expect it, a driver message): whatever goes to the console passes through here first.
/// </summary>
public static partial class Secrets
{
    /// <summary><paramref name="text"/> with every URL password and every <c>password=</c> value replaced by <c>***</c>.</summary>
    public static string Redact(string text) => KeyValue().Replace(UrlPassword().Replace(text, "$1:***@"), "$1=***");

    [GeneratedRegex(@"(\w[\w+.-]*://[^:/@\s]*):[^@\s]*@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*(""[^""]*""|'[^']*'|[^;\s]*)")]
    private static partial Regex KeyValue();
}
