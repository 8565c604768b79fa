namespace TaskFlow.Schema.Dialects;

/// <summary>An operation the target engine cannot express; never silently skipped.</summary>
public sealed class DialectNotSupportedException(string operation, string engine, string? detail = null)
    : SchemaException($"{operation} is not supported on {engine}{(detail is null ? "" : ": " + detail)}")
{
    /// <summary>The operation that was asked for.</summary>
    public string Operation { get; } = operation;

    /// <summary>The engine that cannot express it.</summary>
    public string Engine { get; } = engine;
}
