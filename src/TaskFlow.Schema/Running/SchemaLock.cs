using System.Data.Common;
using System.Diagnostics;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Running;

/// <summary>
/// The session-level lock every schema-changing command holds, on a connection of its own: it is
/// released when this is disposed, and by the server when the process dies and the connection drops.
/// </summary>
public sealed class SchemaLock : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);

    private readonly IDatabaseDriver _driver;
    private readonly DbConnection _connection;
    private readonly string _key;

    private SchemaLock(IDatabaseDriver driver, DbConnection connection, string key)
    {
        _driver = driver;
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock name of a database: one per database, whatever the engine.</summary>
    public static string KeyFor(ConnectionTarget target) => $"taskflow-schema:{target.Database}";

    /// <summary>Waits up to <paramref name="timeout"/> for the lock, reporting while it waits.</summary>
    public static async Task<SchemaLock> AcquireAsync(
        IDatabaseDriver driver, ConnectionTarget target, TimeSpan timeout, IRunLog log, CancellationToken cancellationToken)
    {
        var connection = await driver.OpenAsync(target, null, cancellationToken);
        var key = KeyFor(target);
        var clock = Stopwatch.StartNew();
        var nextReport = ReportEvery;
        try
        {
            while (!await driver.TryLockAsync(connection, key, cancellationToken))
            {
                if (clock.Elapsed >= timeout)
                    throw new LockTimeoutException(target.Display, clock.Elapsed);
                if (clock.Elapsed >= nextReport)
                {
                    log.Info($"Waiting for the schema lock on {target.Display} ({clock.Elapsed.TotalSeconds:0} s of {timeout.TotalSeconds:0} s): another process is migrating.");
                    nextReport += ReportEvery;
                }
                await Task.Delay(RetryDelay, cancellationToken);
            }
            return new SchemaLock(driver, connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _driver.UnlockAsync(_connection, _key, CancellationToken.None);
        }
        catch (DbException)
        {
            // The connection is gone, and the server released the lock with it.
        }
        await _connection.DisposeAsync();
    }
}
