using System.CommandLine;
using System.Text.Json;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>status</c>: applied and pending migrations; with <c>--wait-for</c>, a gate for an application's start.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (shape: docs/runner.md, section status --json)" };
        var waitFor = new Option<long?>("--wait-for")
        {
            Description = "Exit 0 once this migration version is applied, 2 if it is not within --timeout; never migrates",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "With --wait-for: seconds to keep polling (every 2 s, also while the server is unreachable); 0 checks once",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("status", "Show applied and pending migrations") { CommonOptions.Connection, CommonOptions.ConnectionEnv, CommonOptions.Engine, json, waitFor, timeout };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            var migrator = new SchemaMigrator(target, TaskFlowSchema.Migrations, new ConsoleLog());
            var latest = migrator.Renderer.LatestVersion;
            IReadOnlyList<MigrationState> states;
            var exit = ExitCodes.Ok;
            if (result.GetValue(waitFor) is { } wanted)
            {
                if (migrator.Renderer.Migrations.All(m => m.Version != wanted))
                    throw new SchemaException($"--wait-for {wanted}: no such migration (latest is {latest}).");
                (states, var reached) = await VersionWait.UntilAppliedAsync(migrator, target, wanted, TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken);
                exit = reached ? ExitCodes.Ok : ExitCodes.Drift;
            }
            else
            {
                states = await migrator.StatusAsync(cancellationToken);
            }
            if (result.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(StatusReport.From(target, latest, states), StatusReport.JsonOptions));
            else
                Console.Out.Write(StatusTable.Render(target.Display, latest, states, StatusTable.ConsoleWidth()));
            return exit;
        }));
        return command;
    }
}
