namespace TaskFlow.Schema.Sync;

/// <summary>
/// Internal, for the kill -9 tests only: TASKFLOW_SYNC_TEST_PAUSE=N makes the apply stop after its N-th batch has
/// committed on the target and before its change rows are deleted on the source (the one point where a kill leaves
/// a batch applied but still pending), so the test can kill the process there. Read once per run, not per batch.
/// </summary>
internal static class SyncTestHook
{
    public const string Variable = "TASKFLOW_SYNC_TEST_PAUSE";
    public const string Marker = "sync test hook: paused";

    public static int PauseAfterBatch() =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var batches) ? batches : -1;
}
