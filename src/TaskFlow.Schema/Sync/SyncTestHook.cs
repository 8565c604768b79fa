namespace TaskFlow.Schema.Sync;

/// <summary>
/// Internal, for the kill -9 tests only: TASKFLOW_SYNC_TEST_PAUSE=N makes the apply stop after its N-th batch has
/// committed on the target and before its change rows are deleted on the source (the one point where a kill leaves
/// a batch applied but still pending), so the test can kill the process there. The command reads the variable and hands
/// it to the sync in <see cref="SyncOptions"/>; nothing in the sync reads the environment.
/// For the cut-over's tests: TASKFLOW_CUTOVER_TEST_PAUSE=FILE makes <c>cutover</c> wait, once its row counts are taken and
/// before anything more is applied, until FILE exists, and again just before it sets read_only until FILE.window exists,
/// so a test can change either side at those points (<see cref="Synchronizer.CutoverPauseFile"/>); when FILE.drain.wanted
/// exists, also once MySQL is read-only, until FILE.drain exists (where the kill tests stop it).
/// </summary>
internal static class SyncTestHook
{
    public const string Variable = "TASKFLOW_SYNC_TEST_PAUSE";
    public const string Marker = "sync test hook: paused";
    public const string CutoverVariable = "TASKFLOW_CUTOVER_TEST_PAUSE";
    public const string CutoverMarker = "cutover test hook: paused";

    public static int FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var batches) ? batches : -1;
}
