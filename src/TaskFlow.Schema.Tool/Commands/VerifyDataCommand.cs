using System.CommandLine;
using System.Diagnostics;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Tool.DataCopy;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>verify-data</c>: compare a copied PostgreSQL database with its MySQL source; exit 3 on a difference.</summary>
internal static class VerifyDataCommand
{
    public static Command Create()
    {
        var command = new Command("verify-data", "Compare every table of a PostgreSQL copy with its MySQL source: counts, checksums, first differing key and column")
        {
            CopyEndpoints.From, CopyEndpoints.FromEnv, CopyEndpoints.To, CopyEndpoints.ToEnv, CopyEndpoints.Parallel, CopyEndpoints.Json,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var clock = Stopwatch.StartNew();
            var source = CopyEndpoints.Source(result);
            var target = CopyEndpoints.Target(result);
            var verified = await CopyProgressDisplay.RunAsync(progress =>
                new DataCopier(source, target, TaskFlowSchema.Migrations, new ConsoleLog(), progress)
                    .VerifyAsync(result.GetValue(CopyEndpoints.Parallel), cancellationToken));
            var code = CopySummary.Report(verified, result.GetValue(CopyEndpoints.Json), null, clock.Elapsed.TotalSeconds);
            return code;
        }));
        return command;
    }
}
