using System.Data.Common;
using Dapper;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Running;

/// <summary>Reads of the history table that the migrator, the validator and repair share.</summary>
internal static class HistoryQueries
{
    /// <summary>Deletes one row; parameter @version. The same text on every engine.</summary>
    public const string Delete = $"DELETE FROM {HistoryTable.Name} WHERE version = @version";

    /// <summary>Updates the progress note of a running migration; parameters @version, @error. The same text on every engine.</summary>
    public const string Progress = $"UPDATE {HistoryTable.Name} SET error = @error WHERE version = @version";

    public static async Task<List<HistoryRow>> ReadAsync(IDatabaseDriver driver, DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<HistoryRow>(new CommandDefinition(driver.SelectHistory, cancellationToken: cancellationToken))).ToList();

    public static async Task<bool> ExistsAsync(IDatabaseDriver driver, DbConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(driver.HistoryTableExists, cancellationToken: cancellationToken)) > 0;

    /// <summary>The rows, or none when the table does not exist yet.</summary>
    public static async Task<List<HistoryRow>> ReadIfExistsAsync(IDatabaseDriver driver, DbConnection connection, CancellationToken cancellationToken) =>
        await ExistsAsync(driver, connection, cancellationToken) ? await ReadAsync(driver, connection, cancellationToken) : [];
}
