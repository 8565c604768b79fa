namespace TaskFlow.Schema.DataCopy;

/// <summary>What the copy does with a row it cannot convert or whose foreign key points nowhere.</summary>
public enum ErrorPolicy
{
    /// <summary>Stop at the first such row, naming table, key, column, value and reason.</summary>
    Fail,

    /// <summary>Leave the row out, record it in the target and in the quarantine file, and go on.</summary>
    Quarantine,
}
