namespace TaskFlow.Schema.DataCopy;

/// <summary>A row that cannot be copied under <see cref="ErrorPolicy.Fail"/>.</summary>
public sealed class BadDataException(BadValue bad)
    : SchemaException($"Cannot copy {bad}. Fix the source row, or rerun with --on-error quarantine --quarantine-file FILE to set such rows aside.")
{
    /// <summary>The offending value.</summary>
    public BadValue Bad { get; } = bad;
}
