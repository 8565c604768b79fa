using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Tests.DataCopy;

/// <summary>The per-table schedule: at most N at once, slots given up while waiting for parents, the first failure stops the rest.</summary>
[TestFixture]
public sealed class TableSchedulerTests
{
    private static TablePlan Table(string name, params string[] parents) =>
        new(name, [new TargetColumn("id", "int8", "bigint", false, true, false, false, [])], "id", true,
            parents.Select(p => new ForeignKey($"fk_{name}_{p}", name, [p + "_id"], p, ["id"], "")).ToList(), null);

    [Test]
    public async Task No_more_than_the_parallelism_run_at_once()
    {
        var running = 0;
        var peak = 0;
        var plans = Enumerable.Range(0, 8).Select(i => Table("t" + i)).ToList();

        var results = await TableScheduler.RunAsync(plans, 3, async (plan, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(30, ct);
            Interlocked.Decrement(ref running);
            return plan.Name;
        }, CancellationToken.None);

        Assert.That(results.Keys, Is.EquivalentTo(plans.Select(p => p.Name)));
        Assert.That(peak, Is.EqualTo(3));
    }

    [Test]
    public async Task A_child_waiting_for_its_parent_gives_up_its_slot()
    {
        // Two slots: parent and child take them; the parent cannot finish until a third table has started, which needs
        // the slot the child gives up while it waits for its parent. Holding it would deadlock.
        var otherStarted = new TaskCompletionSource();
        var order = new List<string>();
        var plans = new[] { Table("parent"), Table("child", "parent"), Table("other") };

        var run = TableScheduler.RunAsync(plans, 2, async (plan, slot, ct) =>
        {
            switch (plan.Name)
            {
                case "parent":
                    await otherStarted.Task.WaitAsync(ct);
                    break;
                case "child":
                    await slot.WaitForParentsAsync();
                    break;
                default:
                    otherStarted.TrySetResult();
                    break;
            }
            lock (order) order.Add(plan.Name);
            return 0;
        }, CancellationToken.None);

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(order, Is.EquivalentTo(new[] { "other", "parent", "child" }));
        // "other" may finish last: setting otherStarted can run the parent's continuation, and then the child's, before it.
        Assert.That(order.IndexOf("child"), Is.GreaterThan(order.IndexOf("parent")), "the child finishes after its parent");
    }

    [Test]
    public async Task The_first_failure_cancels_the_others_and_is_the_one_reported()
    {
        var cancelled = 0;
        var plans = new[] { Table("a"), Table("b"), Table("c"), Table("d", "a") };

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => TableScheduler.RunAsync(plans, 4, async (plan, slot, ct) =>
        {
            if (plan.Name == "b")
            {
                await Task.Delay(20, CancellationToken.None);
                throw new InvalidOperationException("b failed");
            }
            try
            {
                if (plan.Name == "d")
                    await slot.WaitForParentsAsync();
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
            return 0;
        }, CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("b failed"));
        await Task.Yield();
        Assert.That(cancelled, Is.EqualTo(3), "a, c and d were cancelled, not left running");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
