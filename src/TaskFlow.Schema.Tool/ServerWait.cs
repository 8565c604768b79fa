using System.Data.Common;
using System.Diagnostics;
using System.Net.Sockets;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Tool;

/// <summary>
/// <c>--wait-for-server</c>: a migrator started together with its database container (compose, a Kubernetes Job) keeps
/// trying to reach the server for a while instead of failing on the first refused connection.
/// </summary>
internal static class ServerWait
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>Retries <paramref name="attempt"/> on database and socket errors until it succeeds or the time is up.</summary>
    public static async Task RetryAsync(ConnectionTarget target, TimeSpan timeout, Func<Task> attempt, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        while (true)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception e) when (e is DbException or SocketException && clock.Elapsed + RetryInterval < timeout && !cancellationToken.IsCancellationRequested)
            {
                var message = $"waiting for {target.Display}: {e.Message}";
                if (message != last)
                    Console.Error.WriteLine(message);
                last = message;
            }
            await Task.Delay(RetryInterval, cancellationToken);
        }
    }

    /// <summary>Returns once a connection to the target database opens.</summary>
    public static Task UntilReachableAsync(ConnectionTarget target, TimeSpan timeout, CancellationToken cancellationToken) =>
        RetryAsync(target, timeout, async () =>
        {
            await using var connection = await DialectRegistry.Driver(target.Engine).OpenAsync(target, null, cancellationToken);
        }, cancellationToken);
}
