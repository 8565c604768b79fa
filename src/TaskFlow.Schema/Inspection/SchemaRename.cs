namespace TaskFlow.Schema.Inspection;

/// <summary>A live object that means the same as an expected one under another name.</summary>
public sealed record SchemaRename(SchemaObject Found, SchemaObject Expected);
