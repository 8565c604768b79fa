namespace TaskFlow.Schema.Model;

/// <summary>
/// A column typed by an enumeration, described fully enough to restate it: MySQL can only change
/// an ENUM by repeating the whole column definition.
/// </summary>
public sealed record EnumColumn(string Table, string Column, bool Nullable, string? Default = null);
