namespace TaskFlow.Schema.Running;

/// <summary>The schema lock was not granted within the lock timeout.</summary>
public sealed class LockTimeoutException(string database, TimeSpan waited)
    : SchemaException($"Timed out after {waited.TotalSeconds:0} s waiting for the schema lock on {database}: another taskflow-schema process is changing it. Retry, or raise --lock-timeout.");
