using System.Collections.Concurrent;
using System.Diagnostics;
using MySqlConnector;
using TaskFlow.Schema.Bench.Floor;

// copy-floor --from MYSQL_URL --to POSTGRES_URL [--parallel N] [--bare]
// The lower bound for copy-data: every table streamed from MariaDB into PostgreSQL binary COPY with
// no conversion checks, no verification, no resume bookkeeping, no sequence reset. The target must
// already have the step-1 schema (`taskflow-schema up --to 202507210000`); its seed rows are removed
// first. --bare also drops foreign keys and secondary indexes first (not rebuilt): pure data movement.
string? from = null, to = null;
var parallel = 2;
var bare = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--from": from = args[++i]; break;
        case "--to": to = args[++i]; break;
        case "--parallel": parallel = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--bare": bare = true; break;
        default:
            await Console.Error.WriteLineAsync($"copy-floor: unknown argument {args[i]}");
            return 2;
    }
}
if (from is null || to is null)
{
    await Console.Error.WriteLineAsync("usage: copy-floor --from MYSQL_URL --to POSTGRES_URL [--parallel N] [--bare]");
    return 2;
}

var mySql = DatabaseUrl.MySql(from);
var postgres = DatabaseUrl.Postgres(to);
var clock = Stopwatch.StartNew();
var target = new Target(postgres);
var tables = await target.TablesAsync();
await target.TruncateAsync(tables.Keys);
if (bare)
    await target.StripAsync();

// Largest tables first so the workers finish together.
var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
await using (var conn = new MySqlConnection(mySql))
{
    await conn.OpenAsync();
    await using var cmd = new MySqlCommand(
        "SELECT table_name, data_length FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'", conn);
    await using var reader = await cmd.ExecuteReaderAsync();
    while (await reader.ReadAsync())
        sizes[reader.GetString(0)] = reader.GetInt64(1);
}
var queue = new ConcurrentQueue<string>(tables.Keys.OrderByDescending(t => sizes.GetValueOrDefault(t)));
var copier = new TableCopier(mySql, postgres);
long total = 0;
var workers = Enumerable.Range(0, Math.Max(1, parallel)).Select(_ => Task.Factory.StartNew(() =>
{
    while (queue.TryDequeue(out var table))
        Interlocked.Add(ref total, copier.Copy(table, tables[table]));
}, TaskCreationOptions.LongRunning)).ToArray();
await Task.WhenAll(workers);

Console.WriteLine($"{{\"rows\": {total}, \"seconds\": {clock.Elapsed.TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}, \"tables\": {tables.Count}, \"parallel\": {parallel}, \"bare\": {(bare ? "true" : "false")}}}");
return 0;
