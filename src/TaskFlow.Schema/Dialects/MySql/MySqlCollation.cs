namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>
/// What a MySQL or MariaDB collation ignores when it compares (`=`, unique keys, GROUP BY), read from its name the way
/// both servers name them: <c>_bin</c> ignores nothing, <c>_cs</c> keeps case, <c>_as</c> keeps accents, <c>_ci</c> and
/// <c>_ai</c> ignore them. UCA 9.0.0 collations (<c>_0900_</c>, MySQL 8) and MariaDB's <c>_nopad_</c> ones keep trailing
/// spaces; every other collation is PAD SPACE and ignores them.
/// </summary>
public sealed record MySqlCollation(string Name, bool IgnoresCase, bool IgnoresAccents, bool IgnoresTrailingSpaces)
{
    /// <summary>The same as a comparison of text.</summary>
    public Inspection.TextComparison Comparison => new(Name, IgnoresCase, IgnoresAccents, IgnoresTrailingSpaces);

    /// <summary>The traits of <paramref name="name"/>.</summary>
    public static MySqlCollation Of(string name)
    {
        var parts = name.Split('_');
        var binary = name == "binary" || parts[^1] == "bin";
        var ignoresCase = !binary && parts.Contains("ci");
        // A _ci collation without _as ignores accents too (utf8mb4_unicode_ci, utf8mb4_general_ci, utf8mb4_0900_ai_ci).
        var ignoresAccents = !binary && (parts.Contains("ai") || (ignoresCase && !parts.Contains("as")));
        var noPad = parts.Contains("0900") || parts.Contains("nopad");
        return new MySqlCollation(name, ignoresCase, ignoresAccents, !noPad);
    }
}
