using System.Data.Common;
using System.Diagnostics;
using System.Net.Sockets;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>status --wait-for</c>: the gate an application's init container waits at; it only reads the history.</summary>
internal static class VersionWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Polls until <paramref name="wanted"/> is applied. An init container starts with the database, so a server that
    /// does not answer yet is waited for like a migration that has not run yet; its last error is raised at the deadline.
    /// </summary>
    public static async Task<(IReadOnlyList<MigrationState> States, bool Reached)> UntilAppliedAsync(
        SchemaMigrator migrator, ConnectionTarget target, long wanted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? lastMessage = null;
        while (true)
        {
            try
            {
                var states = await migrator.StatusAsync(cancellationToken);
                if (states.Any(s => s.Version == wanted && s.State == Dialects.HistoryTable.Applied))
                {
                    Console.Error.WriteLine($"{target.Display}: {wanted} is applied");
                    return (states, true);
                }
                if (clock.Elapsed >= timeout)
                {
                    Console.Error.WriteLine($"{target.Display}: {wanted} is not applied" + (timeout > TimeSpan.Zero ? $" after {timeout.TotalSeconds:0} s" : ""));
                    return (states, false);
                }
                Report(ref lastMessage, $"waiting for {wanted} to be applied on {target.Display}");
            }
            catch (Exception e) when (e is DbException or SocketException && !cancellationToken.IsCancellationRequested && clock.Elapsed < timeout)
            {
                Report(ref lastMessage, $"waiting for {target.Display}: {e.Message}");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    // Once per distinct message: a log line every 2 s for ten minutes helps nobody.
    private static void Report(ref string? last, string message)
    {
        if (message != last)
            Console.Error.WriteLine(message);
        last = message;
    }
}
