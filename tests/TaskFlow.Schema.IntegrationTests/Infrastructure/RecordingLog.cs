using System.Collections.Concurrent;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>Keeps what the runner reported, for assertions.</summary>
public sealed class RecordingLog : IRunLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Info(string message) => Lines.Enqueue(message);

    public void Warn(string message) => Lines.Enqueue("warning: " + message);
}
