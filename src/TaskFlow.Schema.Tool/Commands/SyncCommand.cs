using System.CommandLine;
using System.Text.Json;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Sync;
using TaskFlow.Schema.Tool.DataCopy;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>sync</c>, <c>sync status</c>, <c>sync stop</c>: keep a target in step with a source (MySQL to PostgreSQL, or back after a cut-over).</summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var untilCaughtUp = new Option<bool>("--until-caught-up") { Description = "Exit 0 as soon as no change is pending (otherwise run until SIGTERM/SIGINT)" };
        var onError = new Option<ErrorPolicy>("--on-error")
        {
            Description = "fail: stop at the first row that cannot be converted; quarantine: set such rows aside in --quarantine-file",
            DefaultValueFactory = _ => ErrorPolicy.Fail,
        };
        var quarantineFile = new Option<string?>("--quarantine-file") { Description = "JSON-lines file for quarantined rows" };
        var reconnectFor = new Option<int>("--reconnect-for")
        {
            Description = "Seconds to keep reconnecting to a server that stopped answering before giving up (a rerun resumes)",
            DefaultValueFactory = _ => 60,
        };
        reconnectFor.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
                r.AddError($"--reconnect-for must be a number of seconds, 0 or more, not {r.GetValueOrDefault<int>()}.");
        });
        var command = new Command("sync", "Install change capture on the source, copy it in full, then apply its changes to the target continuously")
        {
            CopyEndpoints.SyncFrom, CopyEndpoints.FromEnv, CopyEndpoints.SyncTo, CopyEndpoints.ToEnv, untilCaughtUp, onError, quarantineFile, reconnectFor, CopyEndpoints.Parallel,
            CopyEndpoints.Json,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var options = new SyncOptions
            {
                UntilCaughtUp = result.GetValue(untilCaughtUp),
                OnError = result.GetValue(onError),
                QuarantineFile = result.GetValue(quarantineFile),
                Parallelism = result.GetValue(CopyEndpoints.Parallel),
                ReconnectFor = TimeSpan.FromSeconds(result.GetValue(reconnectFor)),
                CopyTestHook = CopyTestHook.FromEnvironment(),
                PauseAfterBatch = SyncTestHook.FromEnvironment(),
            };
            var progress = new SyncProgressDisplay(TimeSpan.FromSeconds(5));
            var synced = await CopyProgressDisplay.RunAsync(copyProgress =>
                Synchronizer(result, copyProgress).RunAsync(options, progress, cancellationToken));
            progress.Finish();
            Console.Error.WriteLine(synced.Stopped
                ? $"Stopped: {synced.Applied:N0} change(s) applied, {synced.Pending:N0} pending; rerun sync to continue."
                : $"Caught up: {synced.Applied:N0} change(s) applied into {synced.Target}, none pending.");
            var code = synced.Quarantined > 0 ? ExitCodes.Quarantined : ExitCodes.Ok;
            if (result.GetValue(CopyEndpoints.Json))
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    source = synced.Source, target = synced.Target, exit_code = code, applied = synced.Applied, pending = synced.Pending,
                    seconds = Math.Round(synced.Seconds, 3), stopped = synced.Stopped, quarantined = synced.Quarantined,
                }));
            return code;
        }));
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Stop());
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "Show the sync's state, pending changes, lag, last change applied and each table's state")
        {
            CopyEndpoints.SyncFrom, CopyEndpoints.FromEnv, CopyEndpoints.SyncTo, CopyEndpoints.ToEnv, CopyEndpoints.Json,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var status = await Synchronizer(result, null).StatusAsync(cancellationToken);
            if (result.GetValue(CopyEndpoints.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    source = status.Source, target = status.Target, state = status.State, pending = status.Pending,
                    lag_seconds = Math.Round(status.LagSeconds, 3), applied = status.Applied, last_change_id = status.LastChangeId,
                    last_applied_at = status.LastAppliedAt?.ToString("O"), notice = status.Notice,
                    tables = status.Tables.Select(t => new { table = t.Table, state = t.State, pending = t.Pending }),
                }));
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"sync {status.Source} -> {status.Target}: {status.State}");
            Console.Out.WriteLine($"pending: {status.Pending:N0}, lag: {status.LagSeconds:F1} s, applied: {status.Applied:N0}, " +
                $"last change applied: {(status.LastChangeId is { } id ? $"#{id} at {status.LastAppliedAt:u}" : "none")}");
            if (status.Notice is not null)
                Console.Out.WriteLine("note: " + status.Notice);
            foreach (var t in status.Tables)
                Console.Out.WriteLine($"  {t.Table,-32} {t.State}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Stop()
    {
        var force = new Option<bool>("--force") { Description = "Remove the sync even though changes are still pending (they are dropped)" };
        var command = new Command("stop", "Remove the sync's triggers, change tables and bookkeeping from both sides")
        {
            CopyEndpoints.SyncFrom, CopyEndpoints.FromEnv, CopyEndpoints.SyncTo, CopyEndpoints.ToEnv, force,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var dropped = await Synchronizer(result, null).StopAsync(result.GetValue(force), cancellationToken);
            Console.Error.WriteLine($"Sync removed from both sides{(dropped > 0 ? $"; {dropped:N0} pending change(s) dropped" : "")}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    // Either side may be MySQL or PostgreSQL: the URL's scheme says which, and so the direction.
    public static Synchronizer Synchronizer(ParseResult result, ICopyProgress? progress) =>
        new(CopyEndpoints.Source(result), CopyEndpoints.Target(result), TaskFlowSchema.Migrations, new ConsoleLog(),
            progress ?? new PlainCopyProgress(TimeSpan.FromSeconds(5)));
}
