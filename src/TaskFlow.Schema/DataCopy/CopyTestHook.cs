namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Internal, for the resume tests only: TASKFLOW_COPY_TEST_PAUSE=table:rows makes the load of that
/// table stop after that many rows, inside its open transaction, so the test can kill -9 the process there.
/// </summary>
internal static class CopyTestHook
{
    public const string Variable = "TASKFLOW_COPY_TEST_PAUSE";
    public const string Marker = "test hook: paused";

    public static long PauseAfter(string table)
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        var colon = value?.LastIndexOf(':') ?? -1;
        return colon > 0 && value![..colon] == table && long.TryParse(value[(colon + 1)..], out var rows) ? rows : -1;
    }
}
