using System.CommandLine;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>repair</c>: make the history of a failed or interrupted migration match the live schema.</summary>
internal static class RepairCommand
{
    public static Command Create()
    {
        var resume = new Option<bool>("--resume") { Description = "When the migration is half-done, run its remaining statements and record it applied" };
        var command = new Command("repair",
            "After a failed or interrupted migration (MySQL): compare the live schema with the migration, then complete its record, " +
            "remove it, or explain what is half-done (exit 2)")
        {
            CommonOptions.Connection, CommonOptions.ConnectionEnv, CommonOptions.Engine, CommonOptions.LockTimeoutSeconds, CommonOptions.ShadowConnection, resume,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            var migrator = new SchemaMigrator(target, TaskFlowSchema.Migrations, new ConsoleLog())
            {
                LockTimeout = TimeSpan.FromSeconds(result.GetValue(CommonOptions.LockTimeoutSeconds)),
                ShadowServer = CommonOptions.ShadowServer(result),
            };
            var outcome = await migrator.RepairAsync(result.GetValue(resume), cancellationToken);
            Console.Out.WriteLine(outcome.Summary);
            foreach (var detail in outcome.Details)
                Console.Out.WriteLine("  " + detail);
            return outcome.Repaired ? ExitCodes.Ok : ExitCodes.Drift;
        }));
        return command;
    }
}
