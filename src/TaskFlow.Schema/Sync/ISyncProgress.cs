namespace TaskFlow.Schema.Sync;

/// <summary>Receives the apply loop's figures after every batch and while idle.</summary>
public interface ISyncProgress
{
    /// <summary>Changes applied so far by this run, their rate, what is pending and how old the oldest pending change is.</summary>
    void Report(long applied, double perSecond, long pending, double oldestPendingSeconds);

    /// <summary>A step of the run.</summary>
    void Info(string message);
}
