namespace TaskFlow.Schema.Model;

/// <summary>A migration's word on how a column's text compares: under <paramref name="Collation"/>, or the default again when null.</summary>
public sealed record DeclaredTextComparison(TextColumn Column, TextCollation? Collation);
