namespace TaskFlow.Schema.DataCopy;

/// <summary>A column of a target table as pg_catalog describes it.</summary>
internal sealed record TargetColumn(
    string Name, string TypeName, string DisplayType, bool IsEnum, bool NotNull, bool HasDefault, bool IsIdentity,
    IReadOnlyList<string> EnumLabels);
