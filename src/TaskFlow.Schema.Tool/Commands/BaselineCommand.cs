using System.CommandLine;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>baseline</c>: adopt an existing database whose schema means what migrations up to a version produce.</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var version = CommonOptions.VersionOption("--version", "The migration the live schema is at");
        version.Required = true;
        var force = new Option<bool>("--force") { Description = "Record the versions even when the schema differs (the differences are still printed)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Compare and print the renames and index creations baseline would run; change nothing" };
        var command = new Command("baseline",
            "Adopt a database not created by these migrations: if the live schema means what migrations up to --version produce, give its " +
            "indexes and keys the migrations' names, create the redundant indexes they name, and record --version and all before it as applied (exit 2 otherwise)")
        {
            CommonOptions.Connection, CommonOptions.ConnectionEnv, CommonOptions.Engine, CommonOptions.LockTimeoutSeconds, CommonOptions.ShadowConnection, version, force, dryRun,
            DifferenceReport.StrictNames, DifferenceReport.Json,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            var migrator = new SchemaMigrator(target, TaskFlowSchema.Migrations, new ConsoleLog())
            {
                LockTimeout = TimeSpan.FromSeconds(result.GetValue(CommonOptions.LockTimeoutSeconds)),
                ShadowServer = CommonOptions.ShadowServer(result),
                StrictNames = result.GetValue(DifferenceReport.StrictNames),
            };
            var outcome = await migrator.BaselineAsync(result.GetValue(version)!.Value, result.GetValue(force), cancellationToken, result.GetValue(dryRun));
            var notes = outcome.StrictNames ? [] : outcome.Comparison.Notes;
            if (result.GetValue(DifferenceReport.Json))
                DifferenceReport.WriteJson(new
                {
                    database = target.Display,
                    version = outcome.Version,
                    adopted = outcome.Adopted,
                    dry_run = result.GetValue(dryRun),
                    strict_names = outcome.StrictNames,
                    differences = outcome.Blocking.Concat(notes).Select(DifferenceReport.Item),
                    renames = outcome.Renames,
                    creates = outcome.Creates,
                    defaults = outcome.Defaults,
                });
            else
                DifferenceReport.WriteLines(outcome.Differences, notes, outcome.Renames, outcome.Creates, outcome.Defaults);
            if (result.GetValue(dryRun))
            {
                Console.Error.WriteLine(outcome.Blocking.Count == 0
                    ? $"Dry run: {target.Display} can be baselined at {outcome.Version} ({outcome.Renames.Count} rename, {outcome.Creates.Count} index and {outcome.Defaults.Count} default statement(s)); nothing was changed."
                    : $"Dry run: {target.Display} differs from migrations up to {outcome.Version} in {outcome.Blocking.Count} place(s); nothing was changed.");
                return outcome.Blocking.Count == 0 ? ExitCodes.Ok : ExitCodes.Drift;
            }
            if (!outcome.Adopted)
            {
                Console.Error.WriteLine($"Not baselined: the schema of {target.Display} differs from migrations up to {outcome.Version} in {outcome.Blocking.Count} place(s); nothing was recorded.");
                return ExitCodes.Drift;
            }
            Console.Error.WriteLine(outcome.Blocking.Count == 0
                ? $"Baselined {target.Display} at {outcome.Version}: {outcome.Recorded} migration(s) recorded as applied."
                : $"Baselined {target.Display} at {outcome.Version} with --force despite {outcome.Blocking.Count} difference(s): {outcome.Recorded} migration(s) recorded as applied.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
