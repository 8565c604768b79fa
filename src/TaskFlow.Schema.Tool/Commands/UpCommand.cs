using System.CommandLine;
using TaskFlow.Schema.Running;
using TaskFlow.Schema.Sync;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>up</c>: apply pending migrations under the schema lock.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var to = CommonOptions.VersionOption("--to", "Stop after this migration version (default: latest)");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the SQL `up` would execute (lock and history statements as comments) and change nothing" };
        var createDatabase = new Option<bool>("--create-database") { Description = "Create the database first when it does not exist" };
        var waitForServer = new Option<int>("--wait-for-server")
        {
            Description = "Seconds to keep retrying the first connection (a database container still starting); default 0",
        };
        var command = new Command("up", "Apply pending migrations")
        {
            CommonOptions.Connection, CommonOptions.ConnectionEnv, CommonOptions.Engine, CommonOptions.LockTimeoutSeconds, to, createDatabase, dryRun, waitForServer,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            if (result.GetValue(dryRun) && result.GetValue(createDatabase))
                throw new SchemaException("--dry-run changes nothing, so it cannot be combined with --create-database.");
            var serverTimeout = TimeSpan.FromSeconds(result.GetValue(waitForServer));
            if (result.GetValue(createDatabase))
                await ServerWait.RetryAsync(target, serverTimeout, () => DatabaseCreator.EnsureExistsAsync(target, new ConsoleLog(), cancellationToken), cancellationToken);
            else if (serverTimeout > TimeSpan.Zero)
                await ServerWait.UntilReachableAsync(target, serverTimeout, cancellationToken);
            var migrator = CommonOptions.Migrator(result, target);
            if (result.GetValue(dryRun))
            {
                Console.Out.Write(await migrator.DryRunAsync(result.GetValue(to), cancellationToken));
                return ExitCodes.Ok;
            }
            await SyncGuard.EnsureNoSyncAsync(target, "up", cancellationToken);
            var applied = await migrator.UpAsync(result.GetValue(to), cancellationToken);
            Console.Error.WriteLine($"{applied.Count} migration(s) applied to {target.Display}.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
