using System.CommandLine;
using System.Text.Json;
using TaskFlow.Schema.Sync;
using TaskFlow.Schema.Tool.DataCopy;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>cutover</c>: the maintenance window; exit 0 only when everything verified, 3 on a difference, 1 on an error.</summary>
internal static class CutoverCommand
{
    private static readonly Option<bool> FullVerify = new("--full-verify")
    {
        Description = "Also compare every table in full inside the window (its length then grows with the data); " +
            "by default the tables the sync's full copy verified are checked by row counts and changed keys",
    };

    public static Command Create()
    {
        var command = new Command("cutover",
            "Make MySQL read-only, drain the sync, verify every table and changed key, restore identities, install the way back, print the new DATABASE_URL")
        {
            CopyEndpoints.From, CopyEndpoints.FromEnv, CopyEndpoints.To, CopyEndpoints.ToEnv, CopyEndpoints.Parallel, CopyEndpoints.Json, FullVerify,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var progress = new SyncProgressDisplay(TimeSpan.FromSeconds(1));
            CutoverResult done;
            try
            {
                done = await CopyProgressDisplay.RunAsync(copyProgress =>
                {
                    var synchronizer = SyncCommand.Synchronizer(result, copyProgress);
                    synchronizer.CutoverPauseFile = Environment.GetEnvironmentVariable(SyncTestHook.CutoverVariable) is { Length: > 0 } file ? file : null;
                    return synchronizer.CutoverAsync(result.GetValue(CopyEndpoints.Parallel), progress, cancellationToken, result.GetValue(FullVerify));
                });
            }
            catch (CutoverException e) when (e.VerificationFailed)
            {
                progress.Finish();
                Console.Error.WriteLine("error: " + e.Message);
                return ExitCodes.VerificationFailed;
            }
            progress.Finish();
            Console.Error.WriteLine($"Cut over in a window of {done.WindowSeconds:F2} s: {done.Drained:N0} change(s) drained, " +
                $"{done.Tables.Count} tables and {done.KeysVerified:N0} changed key(s) verified " +
                $"({done.KeysCheckedBefore:N0} more compared before writes stopped). Writes may go to {done.Target} now.");
            Console.Error.WriteLine("Switch the application to this DATABASE_URL (add the password):");
            if (result.GetValue(CopyEndpoints.Json))
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    source = done.Source, target = done.Target, exit_code = ExitCodes.Ok, window_seconds = Math.Round(done.WindowSeconds, 3),
                    drained = done.Drained, keys_verified = done.KeysVerified,
                    keys_checked_before = done.KeysCheckedBefore, rows_reached = done.RowsReached, database_url = done.DatabaseUrl,
                    tables = done.Tables.Select(t => new
                    {
                        table = t.Table, source_rows = t.SourceRows, target_rows = t.TargetRows, source_checksum = t.SourceChecksum,
                        target_checksum = t.TargetChecksum, verified = t.Matches,
                        check = done.ComparedInFull.Contains(t.Table) ? "full comparison" : "row counts and changed keys (content verified by the full copy)",
                    }),
                }));
            else
                Console.Out.WriteLine(done.DatabaseUrl);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
