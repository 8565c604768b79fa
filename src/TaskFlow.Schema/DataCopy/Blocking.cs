namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Runs a table's synchronous row loop on a thread of its own. On the thread pool, two or three loops
/// that each block a pool thread for seconds starve everything else of a 2-core machine's pool (its
/// minimum is one thread per core): a small table's commit waited two seconds for a thread.
/// </summary>
internal static class Blocking
{
    public static Task<T> RunAsync<T>(Func<T> loop, CancellationToken ct) =>
        Task.Factory.StartNew(loop, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
