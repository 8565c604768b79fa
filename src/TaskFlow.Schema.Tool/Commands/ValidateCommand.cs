using System.CommandLine;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>validate</c>: checksums, unknown versions and live schema against the code (exit 2 on drift).</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate",
            "Check the database against the code: checksums of applied migrations, versions the code does not know, and the live schema " +
            "against what the applied migrations produce on a temporary shadow database (exit 2 on any difference)")
        {
            CommonOptions.Connection, CommonOptions.Engine, CommonOptions.ShadowConnection,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            var validator = new SchemaValidator(target, TaskFlowSchema.Migrations, new ConsoleLog())
            {
                ShadowServer = CommonOptions.ShadowServer(result),
            };
            var problems = await validator.ValidateAsync(cancellationToken);
            foreach (var problem in problems)
                Console.Out.WriteLine(problem);
            Console.Error.WriteLine(problems.Count == 0
                ? $"{target.Display} matches the code."
                : $"{target.Display}: {problems.Count} difference(s) from the code.");
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Drift;
        }));
        return command;
    }
}
