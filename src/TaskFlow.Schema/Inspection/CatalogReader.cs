using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskFlow.Schema.Inspection;

/// <summary>Reads catalog queries as rows of text, whatever types the engine reports them in.</summary>
internal static partial class CatalogReader
{
    public static async Task<List<string?[]>> RowsAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Folds runs of white space so that formatting never counts as a difference.</summary>
    public static string Squash(string text) => Spaces().Replace(text, " ").Trim();

    /// <summary>
    /// What a view means, the same text on every engine: its output columns with their types (by name; their order
    /// is a note) and the tables it reads.
    /// </summary>
    public static string ViewDefinition(IEnumerable<(string Name, string Type)> columns, IEnumerable<string> tables) =>
        $"view ({string.Join(", ", columns.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"{c.Name} {c.Type}"))}) reading {string.Join(", ", tables)}";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
