namespace TaskFlow.Schema.DataCopy;

/// <summary>Receives progress of a copy or verification; called from several threads.</summary>
public interface ICopyProgress
{
    /// <summary>A table starts; <paramref name="estimatedRows"/> is the source's estimate (may be off).</summary>
    void TableStarted(string phase, string table, long estimatedRows);

    /// <summary>Rows processed so far in <paramref name="table"/>.</summary>
    void Rows(string phase, string table, long rows);

    /// <summary>A table is done.</summary>
    void TableFinished(string phase, string table, long rows);

    /// <summary>A step of the run (migrations, indexes, ...).</summary>
    void Info(string message);
}
