using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>
/// Rows numbered 1 to N for test data on both MySQL servers. Tests write MariaDB's <c>seq_1_to_N</c> (its sequence engine),
/// which Oracle MySQL lacks; <see cref="Expand"/> turns each into a derived table of digits cross-joined, which both run.
/// </summary>
public static partial class Numbers
{
    public static string Expand(string sql) => SequenceTable().Replace(sql, m => UpTo(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));

    /// <summary>A derived table with the integers 1 to <paramref name="n"/> in its column <c>seq</c>.</summary>
    public static string UpTo(int n)
    {
        var digits = Math.Max(1, (int)Math.Ceiling(Math.Log10(n + 1)));
        const string digit = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " +
                             "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
        var sum = string.Join(" + ", Enumerable.Range(0, digits).Select(i => $"d{i}.d * {(int)Math.Pow(10, i)}"));
        var from = string.Join(" CROSS JOIN ", Enumerable.Range(0, digits).Select(i => $"{digit} d{i}"));
        return $"(SELECT seq FROM (SELECT {sum} + 1 AS seq FROM {from}) all_numbers WHERE seq <= {n}) numbers";
    }

    [GeneratedRegex(@"\bseq_1_to_(\d+)\b")]
    private static partial Regex SequenceTable();
}
