using Dapper;
using MySqlConnector;
using Npgsql;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Rows that MySQL holds as distinct but that a unique index of the target refuses as equal, because a column of it
/// compares under a nondeterministic collation there (case and accents ignored) and otherwise at the source (another
/// collation, no unique key, PAD SPACE). Found before anything is loaded, by PostgreSQL itself: the source's key
/// values go into a temporary table with the target's collations, grouped by equality.
/// </summary>
internal static class CollationCollisions
{
    /// <summary>One group of source rows equal under the target's collation: the index, and each row's key and values.</summary>
    public sealed record Collision(string Table, string Index, IReadOnlyList<string> Columns, string Collation, IReadOnlyList<string> Rows)
    {
        /// <inheritdoc/>
        public override string ToString() =>
            $"{Table}: rows {string.Join(", ", Rows)} are distinct on MySQL but equal under PostgreSQL's collation {Collation}, " +
            $"so unique index {Index} ({string.Join(", ", Columns)}) would refuse all but one";
    }

    // A class, not a record: Dapper sees text[] columns as System.Array and matches no constructor.
    private sealed class UniqueIndex
    {
        public string Table { get; init; } = "";
        public string Name { get; init; } = "";
        public string[] Columns { get; init; } = [];
        public string?[] Types { get; init; } = [];
        public string Collation { get; init; } = "";
        public string? Key { get; init; }
    }

    // Unique indexes over at least one column with a nondeterministic collation, each column's type with its collation.
    private const string Indexes = """
        SELECT c.relname AS "Table", i.relname AS "Name",
               array_agg(a.attname::text ORDER BY k.ord)::text[] AS "Columns",
               array_agg(CASE WHEN t.typcategory = 'S' THEN 'text COLLATE ' || quote_ident(co.collname)
                              WHEN t.typcategory = 'N' THEN 'text' END ORDER BY k.ord)::text[] AS "Types",
               min(co.collname::text) FILTER (WHERE NOT co.collisdeterministic) AS "Collation",
               (SELECT a2.attname FROM pg_index p JOIN pg_attribute a2 ON a2.attrelid = p.indrelid AND a2.attnum = p.indkey[0]
                WHERE p.indrelid = c.oid AND p.indisprimary) AS "Key"
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE n.nspname = current_schema() AND x.indisunique AND x.indpred IS NULL AND x.indexprs IS NULL
        GROUP BY c.oid, c.relname, i.relname
        HAVING bool_or(NOT co.collisdeterministic)
        ORDER BY c.relname, i.relname
        """;

    /// <summary>Every group of colliding source rows (at most <paramref name="limit"/>), for every such index of the target.</summary>
    public static async Task<IReadOnlyList<Collision>> FindAsync(MySqlConnection my, NpgsqlConnection pg, int limit, CancellationToken ct)
    {
        var collisions = new List<Collision>();
        foreach (var index in await pg.QueryAsync<UniqueIndex>(new CommandDefinition(Indexes, cancellationToken: ct)))
        {
            // Enumerations and booleans compare the same on both engines; a table without a key has no row to name.
            if (index.Types.Any(t => t is null) || index.Key is null || collisions.Count >= limit)
                continue;
            collisions.AddRange(await InIndexAsync(my, pg, index, limit - collisions.Count, ct));
        }
        return collisions;
    }

    private static async Task<List<Collision>> InIndexAsync(MySqlConnection my, NpgsqlConnection pg, UniqueIndex index, int limit, CancellationToken ct)
    {
        var columns = index.Columns.Select((c, i) => $"c{i} {index.Types[i]}");
        await pg.ExecuteAsync(new CommandDefinition(
            $"DROP TABLE IF EXISTS pg_temp.taskflow_collisions; CREATE TEMPORARY TABLE taskflow_collisions (k text, {string.Join(", ", columns)})", cancellationToken: ct));
        await using (var import = await pg.BeginBinaryImportAsync(
            $"COPY taskflow_collisions (k, {string.Join(", ", index.Columns.Select((_, i) => $"c{i}"))}) FROM STDIN (FORMAT BINARY)", ct))
        {
            var notNull = string.Join(" AND ", index.Columns.Select(c => $"{Q(c)} IS NOT NULL"));
            // Numbers as MySQL prints them: equal numbers print alike.
            await using var command = new MySqlCommand(
                $"SELECT CAST({Q(index.Key!)} AS CHAR), {string.Join(", ", index.Columns.Select(c => $"CAST({Q(c)} AS CHAR)"))} " +
                $"FROM {Q(index.Table)} WHERE {notNull}", my);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                await import.StartRowAsync(ct);
                for (var i = 0; i <= index.Columns.Length; i++)
                    await import.WriteAsync(reader.GetString(i), NpgsqlTypes.NpgsqlDbType.Text, ct);
            }
            await import.CompleteAsync(ct);
        }
        var group = string.Join(", ", index.Columns.Select((_, i) => $"c{i}"));
        var row = string.Join(" || ', ' || ", index.Columns.Select((c, i) => $"'{c} ' || quote_literal(c{i}::text)"));
        var collisions = new List<Collision>();
        await using (var query = new NpgsqlCommand(
            $"SELECT array_agg(k || ' (' || {row} || ')' ORDER BY k) FROM taskflow_collisions GROUP BY {group} HAVING count(*) > 1 ORDER BY min(k) LIMIT {limit}", pg))
        await using (var groups = await query.ExecuteReaderAsync(ct))
            while (await groups.ReadAsync(ct))
                collisions.Add(new Collision(index.Table, index.Name, index.Columns, index.Collation, groups.GetFieldValue<string[]>(0)));
        await pg.ExecuteAsync(new CommandDefinition("DROP TABLE pg_temp.taskflow_collisions", cancellationToken: ct));
        return collisions;
    }

    private static string Q(string identifier) => $"`{identifier.Replace("`", "``", StringComparison.Ordinal)}`";
}
