using System.Data.Common;
using System.Text.RegularExpressions;
using TaskFlow.Schema.Inspection;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Dialects.PostgreSql;

/// <summary>Reads the current schema from pg_catalog. Objects owned by extensions (pgvector's) are left out.</summary>
public sealed partial class PostgreSqlInspector : ISchemaInspector
{
    private const string InSchema = "n.nspname = current_schema()";
    private const string NotHistory = $"c.relname <> '{HistoryTable.Name}'";

    /// <inheritdoc/>
    public async Task<SchemaSnapshot> InspectAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var schema = (await CatalogReader.RowsAsync(connection, "SELECT current_schema()", cancellationToken))[0][0]!;
        string Unqualify(string text) => text.Replace($"{schema}.", "", StringComparison.Ordinal);
        var objects = new List<SchemaObject>();

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT c.relname, COALESCE(obj_description(c.oid, 'pg_class'), '')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND c.relkind IN ('r', 'p') AND {NotHistory}
            """, cancellationToken))
            objects.Add(new("table", r[0]!, "table") { Table = r[0], Notes = r[1]!.Length == 0 ? "" : $"comment '{r[1]}'" });

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text, col_description(c.oid, a.attnum), a.attnum::text,
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE {InSchema} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND {NotHistory}
            """, cancellationToken))
        {
            var definition = $"{Unqualify(r[2]!)} {(r[3] == "true" ? "not null" : "null")}";
            if (r[4] is { } defaultValue)
                definition += $" {(r[6] is "s" ? "generated as" : "default")} {Unqualify(defaultValue)}";
            definition += r[5] switch { "d" => " identity by default", "a" => " identity always", _ => "" };
            // Which collation a column compares under is part of what it means here: a nondeterministic one makes `=`
            // and unique keys ignore case.
            if (r[9] is { } collation)
                definition += $" collate {collation}";
            objects.Add(new("column", $"{r[0]}.{r[1]}", definition) { Table = r[0], Notes = r[7] is { } comment ? $"comment '{comment}'" : "" });
        }

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT c.relname, i.relname, pg_get_indexdef(ix.indexrelid)
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class c ON c.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND {NotHistory}
            """, cancellationToken))
            objects.Add(new("index", $"{r[0]}.{r[1]}", IndexName().Replace(Unqualify(r[2]!), "INDEX ON ", 1))
            {
                Table = r[0],
                IdentifiedByMeaning = true,
            });

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND {NotHistory}
            """, cancellationToken))
        {
            var kind = r[2] switch { "f" => "foreign key", "c" => "check", "p" => "primary key", "u" => "unique constraint", _ => "constraint" };
            var definition = Unqualify(r[3]!);
            objects.Add(new(kind, $"{r[0]}.{r[1]}", kind == "check" ? CheckMeaning(definition) : definition) { Table = r[0], IdentifiedByMeaning = true });
        }

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT co.collname, co.collprovider::text, COALESCE(to_jsonb(co)->>'colllocale', to_jsonb(co)->>'colliculocale', co.collcollate),
                   co.collisdeterministic::text
            FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
            WHERE {InSchema}
            """, cancellationToken))
            objects.Add(new("collation", r[0]!, $"provider {(r[1] == "i" ? "icu" : r[1] == "c" ? "libc" : r[1])} locale {r[2]}{(r[3] == "true" ? "" : " nondeterministic")}"));

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE {InSchema}
            GROUP BY t.typname
            """, cancellationToken))
            objects.Add(new("enum", r[0]!, $"({r[1]})"));

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT c.relname, tg.tgname, pg_get_triggerdef(tg.oid)
            FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND NOT tg.tgisinternal
            """, cancellationToken))
            objects.Add(new("trigger", $"{r[0]}.{r[1]}", Unqualify(r[2]!)) { Table = r[0] });

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', md5(p.prosrc), pg_get_function_result(p.oid)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {InSchema}
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            """, cancellationToken))
            objects.Add(new("function", r[0]!, $"returns {r[2]} body md5 {r[1]}"));

        var viewColumns = (await CatalogReader.RowsAsync(connection, $"""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """, cancellationToken)).ToLookup(r => r[0]!, r => (Name: r[1]!, Type: Unqualify(r[2]!)));
        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT c.relname, pg_get_viewdef(c.oid, true),
                   (SELECT string_agg(DISTINCT t.relname, ', ' ORDER BY t.relname) FROM pg_depend d
                    JOIN pg_rewrite w ON w.oid = d.objid JOIN pg_class t ON t.oid = d.refobjid
                    WHERE w.ev_class = c.oid AND d.classid = 'pg_rewrite'::regclass AND t.oid <> c.oid AND t.relkind IN ('r', 'p', 'v', 'm'))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND c.relkind IN ('v', 'm')
            """, cancellationToken))
            objects.Add(new("view", r[0]!, CatalogReader.ViewDefinition(viewColumns[r[0]!], (r[2] ?? "").Split(", ", StringSplitOptions.RemoveEmptyEntries)))
            {
                Notes = $"columns in order {string.Join(", ", viewColumns[r[0]!].Select(c => c.Name))}; text {CatalogReader.Squash(Unqualify(r[1]!))}",
            });

        return new SchemaSnapshot(objects);
    }

    /// <inheritdoc/>
    /// <remarks>Both are metadata only; renaming a constraint renames the index behind it, so that index is skipped.</remarks>
    public IReadOnlyList<string> RenameStatements(IReadOnlyList<SchemaRename> renames)
    {
        var constraints = renames.Where(r => r.Found.Kind != "index").ToList();
        var statements = constraints.Select(r => $"ALTER TABLE \"{r.Found.Table}\" RENAME CONSTRAINT \"{r.Found.OwnName}\" TO \"{r.Expected.OwnName}\";").ToList();
        statements.AddRange(renames.Where(r => r.Found.Kind == "index" && constraints.All(c => c.Found.OwnName != r.Found.OwnName))
            .Select(r => $"ALTER INDEX \"{r.Found.OwnName}\" RENAME TO \"{r.Expected.OwnName}\";"));
        return statements;
    }

    /// <inheritdoc/>
    /// <remarks>None: here the declaration is rendered as the column's collation, which the comparison itself checks.</remarks>
    public IReadOnlyList<string> DeclaredTextNotes(SchemaSnapshot live, IReadOnlyDictionary<string, Model.TextCollation?> declared) => [];

    /// <inheritdoc/>
    /// <remarks>None: a PostgreSQL column's collation is the one the migrations name, never a database default.</remarks>
    public Task<IReadOnlyList<string>> DefaultStatementsAsync(DbConnection connection, IRunLog log, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <inheritdoc/>
    /// <remarks>
    /// Built without blocking writes (<c>CONCURRENTLY</c>, outside a transaction). This inspector gives indexes no
    /// shape yet, so on PostgreSQL indexes pair by their whole definition and none is found covered.
    /// </remarks>
    public IReadOnlyList<string> CreateIndexStatements(IReadOnlyList<SchemaObject> indexes) =>
        indexes.Select(i => $"CREATE INDEX CONCURRENTLY \"{i.OwnName}\" ON \"{i.Table}\" USING {i.Shape!.Method} " +
                            $"({string.Join(", ", i.Shape.Parts.Select(p => $"\"{p.Column}\"{(p.Descending ? " DESC" : "")}"))});").ToList();

    // An index's name is not part of what it means: "CREATE INDEX name ON t ..." becomes "CREATE INDEX ON t ...".
    [GeneratedRegex(@"INDEX \S+ ON ")]
    private static partial Regex IndexName();

    // PostgreSQL prints a CHECK expression with the casts its parser added, and a re-parsed copy (pg_dump, then restore)
    // puts them elsewhere: ((s)::text = ANY ((ARRAY['a'::character varying])::text[])) against
    // ((s)::text = ANY (ARRAY[('a'::character varying)::text])). Without casts and parentheses both read the same.
    private static string CheckMeaning(string definition) =>
        CatalogReader.Squash(Casts().Replace(definition, "").Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal));

    [GeneratedRegex(@"::(character varying|double precision|timestamp with(out)? time zone|""?[a-z_][a-z0-9_]*""?)(\[\])?")]
    private static partial Regex Casts();
}
