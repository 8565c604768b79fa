namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>The category of the live sync and cut-over tests (both servers needed).</summary>
public static class SyncCategory
{
    public const string Name = "Sync";
}
