namespace TaskFlow.Schema.DataCopy;

/// <summary>Runs work per table, at most N at once, a table only after the parents it waits for; the first failure cancels the rest.</summary>
internal static class TableScheduler
{
    public static async Task<Dictionary<string, T>> RunAsync<T>(IReadOnlyList<TablePlan> plans, int parallelism, bool parentsFirst,
        Func<TablePlan, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, parallelism));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Dictionary<string, Task<T>>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            var parents = parentsFirst ? plan.Parents.Where(tasks.ContainsKey).Select(p => (Task)tasks[p]).ToArray() : [];
            tasks[plan.Name] = Task.Run(async () =>
            {
                await Task.WhenAll(parents);
                await gate.WaitAsync(failed.Token);
                try
                {
                    return await work(plan, failed.Token);
                }
                catch
                {
                    await failed.CancelAsync();
                    throw;
                }
                finally
                {
                    gate.Release();
                }
            }, failed.Token);
        }
        try
        {
            await Task.WhenAll(tasks.Values);
        }
        catch
        {
            // Report the failure that started it, not the cancellations it caused.
            var first = tasks.Values.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException())
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            throw;
        }
        return tasks.ToDictionary(t => t.Key, t => t.Value.Result);
    }
}
