using System.Text.Json;

namespace TaskFlow.Schema.DataCopy;

/// <summary>Writes quarantined rows as JSON lines: {"table", "key", "column", "reason", "value"}.</summary>
internal static class QuarantineFile
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Fails, naming the path, unless the file can be written: checked before the copy does any work.</summary>
    public static void CheckWritable(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
            throw new SchemaException($"--quarantine-file {path}: directory {directory} does not exist; create it or choose another path.");
        var existed = File.Exists(full);
        try
        {
            using (new FileStream(full, FileMode.Append, FileAccess.Write))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new SchemaException($"--quarantine-file {path} cannot be written: {e.Message}");
        }
        if (!existed)
            File.Delete(full);
    }

    public static async Task WriteAsync(string path, IEnumerable<BadValue> rows, CancellationToken ct)
    {
        // Written whole from the target's record at the end, so a resumed copy never repeats a line.
        await using var writer = new StreamWriter(path, append: false);
        foreach (var row in rows)
            await writer.WriteLineAsync(JsonSerializer.Serialize(new { row.Table, row.Key, row.Column, row.Reason, row.Value }, Options).AsMemory(), ct);
    }
}
