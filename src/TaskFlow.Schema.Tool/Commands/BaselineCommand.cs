using System.CommandLine;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>baseline</c>: adopt an existing database whose schema equals migrations up to a version.</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var version = new Option<long>("--version") { Description = "The migration the live schema is at", Required = true };
        var force = new Option<bool>("--force") { Description = "Record the versions even when the schema differs (the differences are still printed)" };
        var command = new Command("baseline",
            "Adopt a database not created by these migrations: record --version and all before it as applied, if the live schema matches (exit 2 otherwise)")
        {
            CommonOptions.Connection, CommonOptions.Engine, CommonOptions.LockTimeoutSeconds, CommonOptions.ShadowConnection, version, force,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            var migrator = new SchemaMigrator(target, TaskFlowSchema.Migrations, new ConsoleLog())
            {
                LockTimeout = TimeSpan.FromSeconds(result.GetValue(CommonOptions.LockTimeoutSeconds)),
                ShadowServer = CommonOptions.ShadowServer(result),
            };
            var outcome = await migrator.BaselineAsync(result.GetValue(version), result.GetValue(force), cancellationToken);
            foreach (var difference in outcome.Differences)
                Console.Out.WriteLine(difference);
            if (!outcome.Adopted)
            {
                Console.Error.WriteLine($"Not baselined: the schema of {target.Display} differs from migrations up to {outcome.Version} in {outcome.Differences.Count} place(s); nothing was recorded.");
                return ExitCodes.Drift;
            }
            Console.Error.WriteLine(outcome.Differences.Count == 0
                ? $"Baselined {target.Display} at {outcome.Version}: {outcome.Recorded} migration(s) recorded as applied."
                : $"Baselined {target.Display} at {outcome.Version} with --force despite {outcome.Differences.Count} difference(s): {outcome.Recorded} migration(s) recorded as applied.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
