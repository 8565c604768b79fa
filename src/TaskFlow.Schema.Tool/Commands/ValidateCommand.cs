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
            "against what the applied migrations produce on a temporary shadow database, by meaning (exit 2 on any difference)")
        {
            CommonOptions.Connection, CommonOptions.ConnectionEnv, CommonOptions.Engine, CommonOptions.ShadowConnection, DifferenceReport.StrictNames, DifferenceReport.Json,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            var validator = new SchemaValidator(target, TaskFlowSchema.Migrations, new ConsoleLog())
            {
                ShadowServer = CommonOptions.ShadowServer(result),
                StrictNames = result.GetValue(DifferenceReport.StrictNames),
            };
            var outcome = await validator.CompareAsync(cancellationToken);
            var problems = outcome.Problems;
            if (result.GetValue(DifferenceReport.Json))
                DifferenceReport.WriteJson(new
                {
                    database = target.Display,
                    clean = problems.Count == 0,
                    compared_with = outcome.ComparedWith,
                    strict_names = outcome.StrictNames,
                    history = outcome.HistoryProblems,
                    differences = outcome.Blocking.Concat(outcome.Notes).Select(DifferenceReport.Item),
                    text = outcome.TextNotes,
                });
            else
            {
                DifferenceReport.WriteLines(problems, outcome.Notes, [], [], []);
                foreach (var note in outcome.TextNotes)
                    Console.Out.WriteLine("note: " + note);
            }
            Console.Error.WriteLine(problems.Count == 0
                ? $"{target.Display} matches the code{(outcome.Notes.Count == 0 ? "" : $" ({outcome.Notes.Count} note(s): names, comments or collation)")}."
                : $"{target.Display}: {problems.Count} difference(s) from the code.");
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Drift;
        }));
        return command;
    }
}
