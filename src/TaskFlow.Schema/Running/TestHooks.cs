using System.Globalization;

namespace TaskFlow.Schema.Running;

/// <summary>
/// Internal hook for the crash tests, inert unless the variable is set: with
/// <c>TASKFLOW_SCHEMA_TEST_PAUSE_AFTER_STATEMENT=version:n</c> the runner stops after statement n of that
/// migration (before its progress note is written) and waits until it is killed or cancelled, so a test can kill it
/// mid-migration. Not a feature.
/// </summary>
internal static class TestHooks
{
    public const string PauseVariable = "TASKFLOW_SCHEMA_TEST_PAUSE_AFTER_STATEMENT";

    private static readonly (long Version, int Statement)? Pause = ReadPause();

    public static async Task AfterStatementAsync(long version, int statement, IRunLog log, CancellationToken cancellationToken)
    {
        if (Pause is not { } pause || pause.Version != version || pause.Statement != statement)
            return;
        log.Info($"test hook: paused after statement {statement} of migration {version}");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private static (long, int)? ReadPause()
    {
        var value = Environment.GetEnvironmentVariable(PauseVariable);
        var parts = value?.Split(':');
        return parts is [var v, var n]
               && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
               && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var statement)
            ? (version, statement)
            : null;
    }
}
