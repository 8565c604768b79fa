namespace TaskFlow.Schema.Inspection;

/// <summary>What one engine's comparison of a text column ignores (`=`, unique keys, GROUP BY), under which collation.</summary>
public sealed record TextComparison(string Collation, bool IgnoresCase, bool IgnoresAccents, bool IgnoresTrailingSpaces)
{
    /// <summary>PostgreSQL's comparison of a column under <paramref name="collation"/> as the migrations declare it, or exact (the default).</summary>
    public static TextComparison OnPostgreSql(Model.TextCollation? collation) => collation is null
        ? new TextComparison("default", false, false, false)
        : new TextComparison(collation.Name, true, collation.IgnoresAccents, false);

    /// <summary>"case, accents and trailing spaces", or "nothing".</summary>
    public string Ignored => Words([.. new[] { (IgnoresCase, "case"), (IgnoresAccents, "accents"), (IgnoresTrailingSpaces, "trailing spaces") }
        .Where(w => w.Item1).Select(w => w.Item2)]) ?? "nothing";

    internal static string? Words(IReadOnlyList<string> words) => words.Count switch
    {
        0 => null,
        1 => words[0],
        _ => string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1],
    };
}

/// <summary>A text column that compares otherwise on MySQL and on PostgreSQL, and what that changes for the application.</summary>
public sealed record TextColumnComparison(string Table, string Column, TextComparison MySql, TextComparison PostgreSql, bool UniqueOnMySql)
{
    /// <summary>What one side ignores and the other does not.</summary>
    public IReadOnlyList<string> Differs =>
        [.. new[] { (MySql.IgnoresCase != PostgreSql.IgnoresCase, "case"), (MySql.IgnoresAccents != PostgreSql.IgnoresAccents, "accents"),
                    (MySql.IgnoresTrailingSpaces != PostgreSql.IgnoresTrailingSpaces, "trailing spaces") }
            .Where(d => d.Item1).Select(d => d.Item2)];

    /// <summary>What changes for the application.</summary>
    public string Effect
    {
        get
        {
            var mysqlMore = (MySql.IgnoresCase && !PostgreSql.IgnoresCase) || (MySql.IgnoresAccents && !PostgreSql.IgnoresAccents) ||
                            (MySql.IgnoresTrailingSpaces && !PostgreSql.IgnoresTrailingSpaces);
            if (!mysqlMore)
                return "PostgreSQL finds equal what MySQL keeps apart: under a unique key there, rows MySQL holds may collide (see collisions)";
            return "`=` on PostgreSQL finds only what is equal there, where MySQL also finds " + TextComparison.Words(Differs) +
                   (UniqueOnMySql ? " variants; PostgreSQL accepts values MySQL's unique key refuses, and the way back stops on them" : " variants");
        }
    }

    /// <summary>The column when both sides compare it otherwise, else null.</summary>
    public static TextColumnComparison? IfDiffers(string table, string column, TextComparison mysql, TextComparison postgres, bool unique)
    {
        var compared = new TextColumnComparison(table, column, mysql, postgres, unique);
        return compared.Differs.Count == 0 ? null : compared;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Table}.{Column}: MySQL ({MySql.Collation}) ignores {MySql.Ignored}, PostgreSQL ({PostgreSql.Collation}) ignores {PostgreSql.Ignored}: {Effect}";
}
