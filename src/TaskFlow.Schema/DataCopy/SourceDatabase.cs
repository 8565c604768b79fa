using Dapper;
using MySqlConnector;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.DataCopy.Converters;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// The MySQL side: its step, its columns, and rows streamed in key order. Connections are opened
/// so that values arrive as stored: TINYINT(1) as a number (2 stays 2), CHAR(36) as text, zero
/// dates allowed, in a UTC session, with no command timeout.
/// </summary>
internal sealed class SourceDatabase(ConnectionTarget target)
{
    private readonly ConnectionTarget _reading = ConnectionTarget.FromAdo(DatabaseEngine.MySql,
        new MySqlConnectionStringBuilder(target.ConnectionString)
        {
            AllowZeroDateTime = true,
            ConvertZeroDateTime = false,
            TreatTinyAsBoolean = false,
            GuidFormat = MySqlGuidFormat.None,
            DefaultCommandTimeout = 0,
        }.ConnectionString);

    public ConnectionTarget Target => target;

    public async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = (MySqlConnection)await DialectRegistry.Driver(DatabaseEngine.MySql).OpenAsync(_reading, null, cancellationToken);
        // A slow COPY on the other side must not make the server give up on an unbuffered result.
        await connection.ExecuteAsync(new CommandDefinition("SET SESSION net_write_timeout = 86400, net_read_timeout = 86400",
            cancellationToken: cancellationToken));
        return connection;
    }

    /// <summary>The highest applied version in the source's history, or null without a history table.</summary>
    public async Task<long?> AppliedVersionAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var driver = DialectRegistry.Driver(DatabaseEngine.MySql);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(driver.HistoryTableExists, cancellationToken: cancellationToken)) == 0)
            return null;
        var rows = (await connection.QueryAsync<(long Version, string State)>(new CommandDefinition(
            $"SELECT version, state FROM `{HistoryTable.Name}` ORDER BY version", cancellationToken: cancellationToken))).ToList();
        var unfinished = rows.FirstOrDefault(r => r.State != HistoryTable.Applied);
        if (unfinished != default)
            throw new SchemaException($"The source's migration {unfinished.Version} is recorded as {unfinished.State}: repair the source before copying it.");
        return rows.Count == 0 ? null : rows[^1].Version;
    }

    /// <summary>The columns per table of the source database, with the binary collation of each character column's character set.</summary>
    public async Task<Dictionary<string, IReadOnlyDictionary<string, SourceColumn>>> ColumnsAsync(MySqlConnection connection,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Table, string Column, string DataType, string? Collation)>(new CommandDefinition(
            """
            SELECT c.table_name, c.column_name, c.data_type, b.collation_name
            FROM information_schema.columns c
            LEFT JOIN information_schema.collations b ON b.collation_name = CONCAT(c.character_set_name, '_bin')
            WHERE c.table_schema = DATABASE()
            """, cancellationToken: cancellationToken)))
        .GroupBy(c => c.Table, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, SourceColumn>)g.ToDictionary(c => c.Column,
            c => new SourceColumn(c.DataType.ToLowerInvariant(), c.Collation), StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>InnoDB's row estimate per table, for progress only.</summary>
    public async Task<Dictionary<string, long>> EstimatesAsync(MySqlConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Table, long? Rows)>(new CommandDefinition(
            "SELECT table_name, table_rows FROM information_schema.tables WHERE table_schema = DATABASE()", cancellationToken: cancellationToken)))
        .ToDictionary(t => t.Table, t => t.Rows ?? 0, StringComparer.Ordinal);

    /// <summary>Row count and highest key: how a finished table is recognised as unchanged on resume.</summary>
    public async Task<(long Rows, string? MaxKey)> FingerprintAsync(MySqlConnection connection, TablePlan plan, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand($"SELECT COUNT(*), MAX({Quote(plan.Key)}) FROM {Quote(plan.Name)}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), ColumnConverter.Raw(reader, 1));
    }

    /// <summary>A command that streams the plan's columns in key order (run it with ExecuteReader, unbuffered).</summary>
    public static MySqlCommand SelectRows(MySqlConnection connection, TablePlan plan, IReadOnlyList<ColumnConverter> converters) =>
        new($"SELECT {SelectList(plan, converters)} FROM {Quote(plan.Name)} ORDER BY {Quote(plan.Key)}", connection);

    /// <summary>A command that reads the plan's columns of the row with the given key.</summary>
    public static MySqlCommand SelectRow(MySqlConnection connection, TablePlan plan, IReadOnlyList<ColumnConverter> converters, string key)
    {
        var command = new MySqlCommand($"SELECT {SelectList(plan, converters)} FROM {Quote(plan.Name)} WHERE {Quote(plan.Key)} = @key", connection);
        command.Parameters.AddWithValue("@key", key);
        return command;
    }

    /// <summary>The select list that reads the plan's columns the way their converters take them.</summary>
    public static string SelectList(TablePlan plan, IReadOnlyList<ColumnConverter> converters) =>
        string.Join(", ", converters.Select((c, i) => c.SourceExpression(Quote(c.Column.Name), plan.Source(i))));

    /// <summary>An identifier quoted by the MySQL dialect.</summary>
    public static string Quote(string name) => DialectRegistry.Dialect(DatabaseEngine.MySql).Quote(name);
}
