namespace TaskFlow.Schema.DataCopy;

/// <summary>A foreign key of a target table, with its definition so it can be dropped and added back.</summary>
internal sealed record ForeignKey(string Name, string Table, IReadOnlyList<string> Columns, string Parent, IReadOnlyList<string> ParentColumns, string Definition);
