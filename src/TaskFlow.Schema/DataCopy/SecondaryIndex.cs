namespace TaskFlow.Schema.DataCopy;

/// <summary>A non-unique index that is cheaper to build after the data than to maintain during COPY.</summary>
internal sealed record SecondaryIndex(string Name, string Table, string Definition);
