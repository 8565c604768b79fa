namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Runs work per table, at most N at once; the first failure cancels the rest. A table's work may
/// wait for the tables it references (<see cref="Slot.WaitForParentsAsync"/>): its slot is given up
/// while it waits, so a child can stream its rows while its parent loads and only its foreign-key
/// check waits for the parent's commit, without ever holding a slot its parent needs. Heavy work
/// after that takes a slot again (<see cref="Slot.AcquireAsync"/>).
/// </summary>
internal static class TableScheduler
{
    /// <summary>One table's place in the schedule.</summary>
    internal sealed class Slot(SemaphoreSlim gate, Task[] parents, CancellationToken cancellationToken)
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the table's own part is done (<see cref="Finish"/>, else when its work ends): what children wait for.</summary>
        public Task Finished => _finished.Task;

        /// <summary>Lets the children go on, before this table's remaining work (its verification hash) ends.</summary>
        public void Finish() => _finished.TrySetResult();

        internal void End(Exception? failure)
        {
            if (failure is null)
                _finished.TrySetResult();
            else
                _finished.TrySetException(failure);
        }

        /// <summary>Whether this table counts against the parallelism now.</summary>
        public bool Held { get; private set; }

        public async Task AcquireAsync()
        {
            if (Held)
                return;
            await gate.WaitAsync(cancellationToken);
            Held = true;
        }

        public void Release()
        {
            if (Held)
                gate.Release();
            Held = false;
        }

        /// <summary>
        /// Returns once every parent's work has finished; throws if one failed. Gives up the slot if it has to wait,
        /// and does not take it back: what follows (a foreign-key check and a commit) is light, and making the commit
        /// wait behind two large loads for a slot would hold back every child of this table.
        /// </summary>
        public async Task WaitForParentsAsync()
        {
            var all = Task.WhenAll(parents);
            if (!all.IsCompleted)
            {
                Release();
                await all.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                cancellationToken.ThrowIfCancellationRequested();
            }
            // The parent's own failure is reported by the scheduler; the child just stops.
            if (!all.IsCompletedSuccessfully)
                throw new OperationCanceledException("A table this one references failed to load.");
        }
    }

    public static Task<Dictionary<string, T>> RunAsync<T>(IReadOnlyList<TablePlan> plans, int parallelism,
        Func<TablePlan, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(plans, parallelism, (plan, _, token) => work(plan, token), cancellationToken);

    public static async Task<Dictionary<string, T>> RunAsync<T>(IReadOnlyList<TablePlan> plans, int parallelism,
        Func<TablePlan, Slot, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, parallelism));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Dictionary<string, Task<T>>(StringComparer.Ordinal);
        var slots = new Dictionary<string, Slot>(StringComparer.Ordinal);
        // Slots are first handed out in plan order (parents before children): a child taking a slot ahead of its
        // parent would only wait for it.
        var previous = Task.CompletedTask;
        foreach (var plan in plans)
        {
            var parents = plan.Parents.Where(slots.ContainsKey).Select(p => slots[p].Finished).ToArray();
            var slot = slots[plan.Name] = new Slot(gate, parents, failed.Token);
            var turn = previous;
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous = started.Task;
            tasks[plan.Name] = Task.Run(async () =>
            {
                try
                {
                    await turn.WaitAsync(failed.Token);
                    await slot.AcquireAsync();
                }
                finally
                {
                    started.TrySetResult();
                }
                try
                {
                    var result = await work(plan, slot, failed.Token);
                    slot.End(null);
                    return result;
                }
                catch (Exception e)
                {
                    slot.End(e);
                    await failed.CancelAsync();
                    throw;
                }
                finally
                {
                    slot.Release();
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
