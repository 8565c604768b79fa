using Dapper;
using Npgsql;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// A unique index of a table other than its primary key, as PostgreSQL's catalog describes it: the schema's authority in
/// both directions (MySQL has the same indexes under the same names, a partial one emulated by a generated column).
/// <paramref name="WhenTrue"/> is the boolean column of a partial index <c>WHERE column</c>, the one form of partial index
/// the MySQL dialect can emulate; <paramref name="NullsDistinct"/> is false for <c>NULLS NOT DISTINCT</c>.
/// </summary>
internal sealed record UniqueIndex(string Name, IReadOnlyList<string> Columns, string? WhenTrue, bool NullsDistinct)
{
    // Key columns only (not INCLUDE ones); expression indexes are left out (no column to compare or set aside).
    private const string Query = """
        SELECT c.relname AS "Table", i.relname AS "Name",
               ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o)
                     JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n
                     WHERE k.o <= x.indnkeyatts ORDER BY k.o)::text[] AS "Columns",
               pg_get_expr(x.indpred, x.indrelid) AS "Predicate", NOT x.indnullsnotdistinct AS "NullsDistinct"
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND x.indisunique AND NOT x.indisprimary AND x.indexprs IS NULL
        ORDER BY c.relname, i.relname
        """;

    /// <summary>
    /// The unique indexes of every table, by table name. An index with another predicate than a bare column, or on a
    /// column the table's plan does not carry, is left out: its conflicts surface as the target's own error.
    /// </summary>
    public static async Task<Dictionary<string, List<UniqueIndex>>> ReadAsync(NpgsqlConnection pg, IReadOnlyDictionary<string, HashSet<string>> columns,
        CancellationToken ct)
    {
        var indexes = new Dictionary<string, List<UniqueIndex>>(StringComparer.Ordinal);
        foreach (var row in await pg.QueryAsync<Row>(new CommandDefinition(Query, cancellationToken: ct)))
        {
            if (!columns.TryGetValue(row.Table, out var known) || !row.Columns.All(known.Contains))
                continue;
            var whenTrue = row.Predicate?.Trim('(', ')').Trim('"');
            if (whenTrue is not null && !known.Contains(whenTrue))
                continue;
            (indexes.TryGetValue(row.Table, out var list) ? list : indexes[row.Table] = []).Add(new UniqueIndex(row.Name, row.Columns, whenTrue, row.NullsDistinct));
        }
        return indexes;
    }

    // A class, not a record: Dapper sees text[] columns as System.Array and matches no constructor.
    private sealed class Row
    {
        public string Table { get; init; } = "";
        public string Name { get; init; } = "";
        public string[] Columns { get; init; } = [];
        public string? Predicate { get; init; }
        public bool NullsDistinct { get; init; }
    }
}
