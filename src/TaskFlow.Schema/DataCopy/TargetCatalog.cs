using Dapper;
using Npgsql;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.DataCopy;

/// <summary>Reads tables, columns, keys and indexes of the target from pg_catalog.</summary>
internal sealed class TargetCatalog
{
    private const string Columns = """
        SELECT c.relname AS "Table", a.attname AS "Column", t.typname AS "TypeName", format_type(a.atttypid, a.atttypmod) AS "DisplayType",
               t.typtype = 'e' AS "IsEnum", a.attnotnull AS "NotNull", a.atthasdef AS "HasDefault", a.attidentity <> '' AS "IsIdentity"
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attgenerated = ''
        ORDER BY c.relname, a.attnum
        """;

    private const string EnumLabels = """
        SELECT t.typname AS "Type", e.enumlabel AS "Label"
        FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
        ORDER BY t.typname, e.enumsortorder
        """;

    private const string Constraints = """
        SELECT k.conname AS "Name", k.contype::text AS "Kind", tc.relname AS "Table", COALESCE(pc.relname, '') AS "Parent",
               pg_get_constraintdef(k.oid) AS "Definition",
               ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY x(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n ORDER BY x.o)::text[] AS "Columns",
               ARRAY(SELECT a.attname FROM unnest(COALESCE(k.confkey, '{}')) WITH ORDINALITY x(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.n ORDER BY x.o)::text[] AS "ParentColumns"
        FROM pg_constraint k
        JOIN pg_class tc ON tc.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = tc.relnamespace
        LEFT JOIN pg_class pc ON pc.oid = k.confrelid
        WHERE n.nspname = current_schema() AND k.contype IN ('p', 'f')
        ORDER BY tc.relname, k.conname
        """;

    private const string Indexes = """
        SELECT ic.relname AS "Name", tc.relname AS "Table", pg_get_indexdef(i.indexrelid) AS "Definition"
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class tc ON tc.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = tc.relnamespace
        WHERE n.nspname = current_schema() AND NOT i.indisprimary AND NOT i.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        ORDER BY tc.relname, ic.relname
        """;

    internal TargetCatalog(Dictionary<string, List<TargetColumn>> tables, List<ForeignKey> foreignKeys,
        Dictionary<string, List<string>> primaryKeys, List<SecondaryIndex> indexes)
    {
        Tables = tables;
        ForeignKeys = foreignKeys;
        PrimaryKeys = primaryKeys;
        SecondaryIndexes = indexes;
    }

    /// <summary>Data tables by name (history and copy bookkeeping left out).</summary>
    public IReadOnlyDictionary<string, List<TargetColumn>> Tables { get; }

    public IReadOnlyList<ForeignKey> ForeignKeys { get; }

    public IReadOnlyDictionary<string, List<string>> PrimaryKeys { get; }

    public IReadOnlyList<SecondaryIndex> SecondaryIndexes { get; }

    public static async Task<TargetCatalog> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var labels = (await connection.QueryAsync<(string Type, string Label)>(new CommandDefinition(EnumLabels, cancellationToken: cancellationToken)))
            .GroupBy(l => l.Type).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(l => l.Label).ToList());
        var tables = new Dictionary<string, List<TargetColumn>>(StringComparer.Ordinal);
        foreach (var c in await connection.QueryAsync<ColumnRow>(new CommandDefinition(Columns, cancellationToken: cancellationToken)))
        {
            if (!IsDataTable(c.Table))
                continue;
            var column = new TargetColumn(c.Column, c.TypeName, c.DisplayType, c.IsEnum, c.NotNull, c.HasDefault, c.IsIdentity,
                c.IsEnum ? labels.GetValueOrDefault(c.TypeName, []) : []);
            (tables.TryGetValue(c.Table, out var list) ? list : tables[c.Table] = []).Add(column);
        }
        var constraints = (await connection.QueryAsync<ConstraintRow>(new CommandDefinition(Constraints, cancellationToken: cancellationToken)))
            .Where(k => tables.ContainsKey(k.Table)).ToList();
        var foreignKeys = constraints.Where(k => k.Kind == "f")
            .Select(k => new ForeignKey(k.Name, k.Table, k.Columns, k.Parent, k.ParentColumns, k.Definition)).ToList();
        var primaryKeys = constraints.Where(k => k.Kind == "p").ToDictionary(k => k.Table, k => k.Columns.ToList());
        var indexes = (await connection.QueryAsync<SecondaryIndex>(new CommandDefinition(Indexes, cancellationToken: cancellationToken)))
            .Where(i => tables.ContainsKey(i.Table)).ToList();
        return new TargetCatalog(tables, foreignKeys, primaryKeys, indexes);
    }

    /// <summary>Tables whose rows are data: not the migration history, not the copy's own bookkeeping.</summary>
    public static bool IsDataTable(string name) =>
        name != HistoryTable.Name && !name.StartsWith(TargetDatabase.Prefix, StringComparison.Ordinal)
        && !name.StartsWith("taskflow_sync_", StringComparison.Ordinal);

    private sealed record ColumnRow(string Table, string Column, string TypeName, string DisplayType, bool IsEnum, bool NotNull, bool HasDefault, bool IsIdentity);

    // A class, not a record: Dapper sees text[] columns as System.Array and matches no constructor.
    internal sealed class ConstraintRow
    {
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Table { get; init; } = "";
        public string Parent { get; init; } = "";
        public string Definition { get; init; } = "";
        public string[] Columns { get; init; } = [];
        public string[] ParentColumns { get; init; } = [];
    }
}
