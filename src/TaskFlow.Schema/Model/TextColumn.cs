namespace TaskFlow.Schema.Model;

/// <summary>A <c>VARCHAR(<paramref name="Length"/>)</c> column whose comparison a migration sets.</summary>
public sealed record TextColumn(string Table, string Column, int Length);
