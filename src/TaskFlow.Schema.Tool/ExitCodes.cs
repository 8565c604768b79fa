namespace TaskFlow.Schema.Tool;

/// <summary>Exit codes of every command; a drift is not a crash.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;

    /// <summary>check/validate/baseline found differences.</summary>
    public const int Drift = 2;

    /// <summary>Another process held the schema lock past --lock-timeout.</summary>
    public const int LockTimeout = 3;

    /// <summary>copy-data/verify-data: source and target differ (like a drift: what was compared is not equal).</summary>
    public const int VerificationFailed = 2;

    /// <summary>copy-data finished and verified, but rows were quarantined instead of copied.</summary>
    public const int Quarantined = 4;

    /// <summary>Interrupted by Ctrl+C or SIGTERM.</summary>
    public const int Cancelled = 130;
}
