using System.CommandLine;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>down</c>: revert migrations newer than a version.</summary>
internal static class DownCommand
{
    public static Command Create()
    {
        var to = CommonOptions.VersionOption("--to", "Revert every migration newer than this version (0 = all)");
        to.Required = true;
        var command = new Command("down", "Revert applied migrations newer than --to")
        {
            CommonOptions.Connection, CommonOptions.ConnectionEnv, CommonOptions.Engine, CommonOptions.LockTimeoutSeconds, to,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            await Schema.Sync.SyncGuard.EnsureNoSyncAsync(target, "down", cancellationToken);
            var migrator = CommonOptions.Migrator(result, target);
            var reverted = await migrator.DownAsync(result.GetValue(to)!.Value, cancellationToken);
            Console.Error.WriteLine($"{reverted.Count} migration(s) reverted on {target.Display}.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
