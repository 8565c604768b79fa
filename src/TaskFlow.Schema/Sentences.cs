namespace TaskFlow.Schema;

/// <summary>Driver messages inside the tool's own sentences.</summary>
internal static class Sentences
{
    /// <summary>The message with one full stop at its end, whether or not the driver wrote one ("host.." never).</summary>
    public static string Of(string message) => message.TrimEnd().TrimEnd('.') + ".";

    /// <summary>"1 statement", "76 statements".</summary>
    public static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
