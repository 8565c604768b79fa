using System.CommandLine;
using System.Diagnostics;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Tool.DataCopy;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>copy-data</c>: MySQL to PostgreSQL, resumable, verified; exit 0 ok, 1 error, 3 mismatch, 4 rows quarantined.</summary>
internal static class CopyDataCommand
{
    public static Command Create()
    {
        var fromVersion = new Option<long?>("--from-version") { Description = "The source's migration step when it has no taskflow_schema_history table" };
        var onError = new Option<ErrorPolicy>("--on-error")
        {
            Description = "fail: stop at the first row that cannot be copied; quarantine: set such rows aside in --quarantine-file",
            DefaultValueFactory = _ => ErrorPolicy.Fail,
        };
        var quarantineFile = new Option<string?>("--quarantine-file") { Description = "JSON-lines file for quarantined rows" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip the row-by-row comparison after the copy" };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Copy nothing: report the columns that compare otherwise on PostgreSQL (case, accents, trailing spaces), the limits the way " +
                          "back meets, and the source rows the target would find equal (exit 2 when there are any)",
        };
        var command = new Command("copy-data", "Copy a TaskFlow database from MySQL to an empty PostgreSQL database at the same step, then verify")
        {
            CopyEndpoints.From, CopyEndpoints.FromEnv, CopyEndpoints.To, CopyEndpoints.ToEnv, fromVersion, onError, quarantineFile, noVerify, dryRun, CopyEndpoints.Parallel, CopyEndpoints.Json,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var clock = Stopwatch.StartNew();
            var options = new CopyOptions
            {
                FromVersion = result.GetValue(fromVersion),
                OnError = result.GetValue(onError),
                QuarantineFile = result.GetValue(quarantineFile),
                Verify = !result.GetValue(noVerify),
                Parallelism = result.GetValue(CopyEndpoints.Parallel),
                TestHook = CopyTestHook.FromEnvironment(),
            };
            var source = CopyEndpoints.Source(result);
            var target = CopyEndpoints.Target(result);
            if (result.GetValue(dryRun))
            {
                using var quiet = new PlainCopyProgress(Timeout.InfiniteTimeSpan);
                var report = await new DataCopier(source, target, TaskFlowSchema.Migrations, new ConsoleLog(), quiet).RehearseAsync(options.FromVersion, cancellationToken);
                return SemanticsDisplay.Report(report, result.GetValue(CopyEndpoints.Json));
            }
            var copy = await CopyProgressDisplay.RunAsync(progress =>
                new DataCopier(source, target, TaskFlowSchema.Migrations, new ConsoleLog(), progress).CopyAsync(options, cancellationToken));
            return CopySummary.Report(copy, result.GetValue(CopyEndpoints.Json), options.QuarantineFile, clock.Elapsed.TotalSeconds);
        }));
        return command;
    }
}
