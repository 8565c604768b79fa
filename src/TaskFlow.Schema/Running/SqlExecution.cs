using System.Data.Common;

namespace TaskFlow.Schema.Running;

/// <summary>Runs generated statements as they are: no parameter parsing, no time limit (DDL on big tables takes long).</summary>
internal static class SqlExecution
{
    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
