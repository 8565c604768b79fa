namespace TaskFlow.Schema.Sync;

/// <summary>A cut-over that stopped after MySQL was made read-only; the message says how to allow writes on it again.</summary>
public sealed class CutoverException(string message, bool verificationFailed) : SchemaException(message)
{
    /// <summary>The data differed (rather than an error).</summary>
    public bool VerificationFailed { get; } = verificationFailed;
}
