using System.Data.Common;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>Takes or tests the schema lock of a test database the way the tool does.</summary>
public static class LockProbe
{
    /// <summary>Holds the lock until the returned connection is disposed.</summary>
    public static async Task<DbConnection> HoldAsync(TestDatabase db)
    {
        var connection = await db.OpenAsync();
        Assert.That(await db.Driver.TryLockAsync(connection, SchemaLock.KeyFor(db.Target), CancellationToken.None), Is.True, "lock taken by the test");
        return connection;
    }

    /// <summary>Whether the lock is free now (taken and released at once).</summary>
    public static async Task<bool> IsFreeAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        var key = SchemaLock.KeyFor(db.Target);
        if (!await db.Driver.TryLockAsync(connection, key, CancellationToken.None))
            return false;
        await db.Driver.UnlockAsync(connection, key, CancellationToken.None);
        return true;
    }
}
