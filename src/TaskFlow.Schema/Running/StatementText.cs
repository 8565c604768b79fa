namespace TaskFlow.Schema.Running;

/// <summary>Reads the leading keywords of a generated statement, which may hold several statements joined by ';'.</summary>
internal static class StatementText
{
    /// <summary>
    /// The first keyword of each statement in <paramref name="sql"/>, upper case, skipping comments and anything quoted;
    /// empty when it holds only comments.
    /// </summary>
    public static IReadOnlyList<string> LeadingKeywords(string sql)
    {
        var keywords = new List<string>();
        var expectKeyword = true;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
                i = End(sql.IndexOf('\n', i), sql.Length - 1);
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
                i = End(sql.IndexOf("*/", i + 2, StringComparison.Ordinal), sql.Length - 2) + 1;
            else if (c is '\'' or '"' or '`')
                i = End(ClosingQuote(sql, i), sql.Length - 1);
            else if (c == ';')
                expectKeyword = true;
            else if (expectKeyword && char.IsAsciiLetter(c))
            {
                var start = i;
                while (i + 1 < sql.Length && char.IsAsciiLetter(sql[i + 1]))
                    i++;
                keywords.Add(sql[start..(i + 1)].ToUpperInvariant());
                expectKeyword = false;
            }
        }
        return keywords;
    }

    private static int End(int found, int last) => found < 0 ? last : found;

    // A quote is closed by the same character not doubled ('it''s'); a backslash escapes the next one (MySQL strings).
    private static int ClosingQuote(string sql, int open)
    {
        var quote = sql[open];
        for (var i = open + 1; i < sql.Length; i++)
        {
            if (sql[i] == '\\' && quote != '`')
                i++;
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                    i++;
                else
                    return i;
            }
        }
        return -1;
    }
}
