namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Internal, for the resume tests only: the load of <paramref name="Table"/> stops after <paramref name="Rows"/> rows,
/// inside its open transaction, so the test can kill -9 the process there. The command builds it from
/// TASKFLOW_COPY_TEST_PAUSE=table:rows and hands it to the copy in <see cref="CopyOptions"/>; nothing in the copy reads
/// the environment.
/// </summary>
internal sealed record CopyTestHook(string Table, long Rows)
{
    public const string Variable = "TASKFLOW_COPY_TEST_PAUSE";
    public const string Marker = "test hook: paused";

    public static CopyTestHook? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        var colon = value?.LastIndexOf(':') ?? -1;
        return colon > 0 && long.TryParse(value![(colon + 1)..], out var rows) ? new CopyTestHook(value[..colon], rows) : null;
    }

    /// <summary>After how many rows of <paramref name="table"/> to pause; -1 for never.</summary>
    public long PauseAfter(string table) => table == Table ? Rows : -1;
}
