using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MySqlConnector;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Sync;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>
/// What MySQL's refusal of a staged row means, as a bad row of the way back: the column its message names, the value,
/// and the reason in words (how far over its column's size a text is, TIMESTAMP's range, JSON nesting, a unique index
/// that finds two values equal), followed by MySQL's own message.
/// </summary>
internal static partial class MySqlRefusal
{
    // MySQL 8.0's ER_CHECK_CONSTRAINT_VIOLATED and MariaDB's ER_CONSTRAINT_FAILED (its JSON columns carry CHECK (json_valid(...))).
    private const int CheckViolated = 3819;
    private const int ConstraintFailed = 4025;

    // Oracle MySQL's refusal of a JSON document nested deeper than 100 levels; it names no column.
    private const int JsonDocumentTooDeep = 3157;

    /// <summary>An error about the row's values (which a strict session raises instead of storing something else), not about the server or the session.</summary>
    public static bool IsRefusal(MySqlException e) =>
        e.ErrorCode is MySqlErrorCode.DataTooLong or MySqlErrorCode.WarningDataOutOfRange or MySqlErrorCode.DataOutOfRange
            or MySqlErrorCode.TruncatedWrongValue or MySqlErrorCode.TruncatedWrongValueForField or MySqlErrorCode.WarningDataTruncated
            or MySqlErrorCode.ColumnCannotBeNull or MySqlErrorCode.DuplicateKeyEntry or MySqlErrorCode.InvalidJsonText
            or MySqlErrorCode.WrongValueForType or MySqlErrorCode.IllegalValueForType
        || (int)e.ErrorCode is CheckViolated or ConstraintFailed or JsonDocumentTooDeep;

    /// <summary>The bad row: table, key, the column MySQL names (the columns of the unique index, for a duplicate), value, reason.</summary>
    public static BadValue Describe(SyncTable table, object?[] row, MySqlException e, IReadOnlyDictionary<string, MySqlColumn> columns)
    {
        var plan = table.Plan;
        var key = Text(row[plan.KeyOrdinal])!;
        var message = Clean(e.Message, table.Name);
        if (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry && DuplicateKey().Match(e.Message) is { Success: true } duplicate)
        {
            var name = duplicate.Groups["index"].Value;
            var indexed = table.UniqueIndexes.FirstOrDefault(i => i.Name == name)?.Columns ?? [];
            var ordinals = indexed.Select(c => plan.Columns.Select(x => x.Name).ToList().IndexOf(c)).Where(i => i >= 0).ToList();
            return new BadValue(plan.Name, key, ordinals.Count == 0 ? name : string.Join(", ", indexed),
                $"another row holds a value MySQL's unique index {name} finds equal (MySQL compares text without case, accents or trailing spaces): {message}",
                BadValue.Show(ordinals.Count == 0 ? null : string.Join(", ", ordinals.Select(i => Text(row[i]) ?? "NULL"))));
        }
        var named = ColumnName().Match(e.Message) is { Success: true } m ? m.Groups["column"].Value : null;
        var ordinal = named is null ? -1 : plan.Columns.Select(c => c.Name).ToList().FindIndex(c => string.Equals(c, named, StringComparison.OrdinalIgnoreCase));
        if (named is null && (int)e.ErrorCode == JsonDocumentTooDeep)
            ordinal = plan.Columns.ToList().FindIndex(c => c.TypeName is "jsonb" or "json" && Text(row[plan.Columns.ToList().IndexOf(c)]) is { } v && Depth(v) > 100);
        if (ordinal < 0)
            return new BadValue(plan.Name, key, named ?? "(not named by MySQL)", "MySQL refuses the row: " + message, null);
        var column = plan.Columns[ordinal];
        var value = Text(row[ordinal]);
        return new BadValue(plan.Name, key, column.Name, Reason(column, columns.GetValueOrDefault(column.Name), value, message), BadValue.Show(value));
    }

    private static string Reason(TargetColumn column, MySqlColumn? mine, string? value, string message)
    {
        var type = mine?.Type ?? "its";
        if (value is not null && mine is not null)
        {
            var characters = value.EnumerateRunes().Count();
            if (mine.Type.Contains("char", StringComparison.OrdinalIgnoreCase) && characters > mine.MaxCharacters)
                return $"{characters:N0} characters, more than MySQL's {type} holds: {message}";
            var bytes = Encoding.UTF8.GetByteCount(value);
            if (bytes > mine.MaxBytes)
                return $"{bytes:N0} bytes, more than MySQL's {type} holds ({mine.MaxBytes:N0}): {message}";
        }
        if (type.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase))
            return $"outside MySQL's TIMESTAMP range (1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC): {message}";
        if (column.TypeName is "jsonb" or "json" && value is not null && Depth(value) is var depth and > 31)
            return $"JSON nested {depth} levels deep, more than MySQL accepts (MariaDB 31, MySQL 8.0 100): {message}";
        return $"MySQL refuses it for its {type} column: {message}";
    }

    // How deeply a JSON document nests arrays and objects.
    private static int Depth(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = 100_000 });
        var deepest = 0;
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    deepest = Math.Max(deepest, reader.CurrentDepth + 1);
        }
        catch (JsonException)
        {
            // Not JSON after all: the depth read so far.
        }
        return deepest;
    }

    // MySQL's message about the temporary table, as about the table: no "at row N", no database or stage names.
    private static string Clean(string message, string table) =>
        AtRow().Replace(Qualified().Replace(message, "$2"), "").Replace("taskflow_sync_stage_" + table, table, StringComparison.Ordinal).TrimEnd('.');

    private static string? Text(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"for key '(?:[^']*\.)?(?<index>[^'.]+)'")]
    private static partial Regex DuplicateKey();

    // MariaDB: for column `db`.`table`.`c`; MySQL: for column 'c' (3140: 'table.c'); Column 'c' cannot be null;
    // MariaDB's CHECK: CONSTRAINT `table.c` failed; MySQL 8.0's: Check constraint 'name' is violated.
    [GeneratedRegex(@"column `[^`]*`\.`[^`]*`\.`(?<column>[^`]+)`|[Cc]olumn '(?:[^'.]*\.)?(?<column>[^'.]+)'|CONSTRAINT `(?:[^`]*\.)?(?<column>[^`.]+)` failed|[Cc]onstraint '(?<column>[^']+)'")]
    private static partial Regex ColumnName();

    // `database`.`table`.`column` and `database`.`table`: the last name.
    [GeneratedRegex(@"`[^`]*`\.(`[^`]*`\.)?(`[^`]+`)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@" at row \d+")]
    private static partial Regex AtRow();
}
