namespace TaskFlow.Schema.Running;

/// <summary>Where progress and diagnostics go (stderr in the tool); data never goes here.</summary>
public interface IRunLog
{
    /// <summary>A progress line.</summary>
    void Info(string message);

    /// <summary>Something the user should notice but that does not stop the run.</summary>
    void Warn(string message);
}
