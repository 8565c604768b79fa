using Npgsql;

namespace TaskFlow.Schema.Bench.Floor;

/// <summary>The PostgreSQL side: which tables and columns to fill, and emptying them first.</summary>
internal sealed class Target(string connectionString)
{
    public async Task<Dictionary<string, List<TargetColumn>>> TablesAsync()
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT c.table_name, c.column_name, c.data_type, c.udt_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'taskflow_schema_history'
            ORDER BY c.table_name, c.ordinal_position
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var tables = new Dictionary<string, List<TargetColumn>>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var table = reader.GetString(0);
            if (!tables.TryGetValue(table, out var columns))
                tables[table] = columns = [];
            columns.Add(new TargetColumn(reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        return tables;
    }

    /// <summary>Removes the seed rows `up` inserted, so the copy brings the source's own rows.</summary>
    public async Task TruncateAsync(IEnumerable<string> tables)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"TRUNCATE {string.Join(", ", tables.Select(t => $"\"{t}\""))} RESTART IDENTITY CASCADE", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Drops foreign keys and every index but the primary keys: the bare-tables variant of the floor.</summary>
    public async Task StripAsync()
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            DO $$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
                       WHERE contype = 'f' AND connamespace = 'public'::regnamespace LOOP
                EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
              END LOOP;
              FOR r IN SELECT i.indexrelid::regclass AS idx FROM pg_index i
                       JOIN pg_class c ON c.oid = i.indrelid
                       WHERE c.relnamespace = 'public'::regnamespace AND NOT i.indisprimary
                         AND c.relname <> 'taskflow_schema_history' LOOP
                EXECUTE format('DROP INDEX %s', r.idx);
              END LOOP;
            END $$;
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
