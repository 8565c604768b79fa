namespace TaskFlow.Schema;

/// <summary>Driver messages inside the tool's own sentences.</summary>
internal static class Sentences
{
    /// <summary>The message with one full stop at its end, whether or not the driver wrote one ("host.." never).</summary>
    public static string Of(string message) => message.TrimEnd().TrimEnd('.') + ".";
}
