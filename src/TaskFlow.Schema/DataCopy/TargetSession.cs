using Dapper;
using Npgsql;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Session settings of the copy's PostgreSQL connections. Each table already has a connection of its own
/// and two run at once, so PostgreSQL's parallel workers would only compete with them for the same cores.
/// </summary>
internal static class TargetSession
{
    /// <summary>
    /// For a table's load transaction: memory for its index builds, no parallel workers, and lz4 for the values
    /// TOAST compresses (several times cheaper than the default pglz to write and to read back; the stored values
    /// are the same). Settings end with the transaction.
    /// </summary>
    public static Task PrepareLoadAsync(NpgsqlConnection pg, NpgsqlTransaction tx, CancellationToken ct) =>
        pg.ExecuteAsync(new CommandDefinition("""
            SET LOCAL maintenance_work_mem = '128MB';
            SET LOCAL max_parallel_maintenance_workers = 0;
            SET LOCAL max_parallel_workers_per_gather = 0;
            SET LOCAL TimeZone = 'UTC';
            SET LOCAL DateStyle = 'ISO, YMD';
            SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings
            WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals);
            """, transaction: tx, cancellationToken: ct));

    /// <summary>
    /// For verification's reads and digests: values printed by PostgreSQL's output functions in UTC with ISO dates (the
    /// canonical form the source side is written in), and no parallel workers (each table has its connection already).
    /// </summary>
    public static Task PrepareReadBackAsync(NpgsqlConnection pg, CancellationToken ct) =>
        pg.ExecuteAsync(new CommandDefinition(
            "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET max_parallel_workers_per_gather = 0",
            cancellationToken: ct));
}
