using System.Text.Json;

namespace TaskFlow.Schema.DataCopy;

/// <summary>Writes quarantined rows as JSON lines: {"table", "key", "column", "reason", "value"}.</summary>
internal static class QuarantineFile
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task WriteAsync(string path, IEnumerable<BadValue> rows, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        // Written whole from the target's record at the end, so a resumed copy never repeats a line.
        await using var writer = new StreamWriter(path, append: false);
        foreach (var row in rows)
            await writer.WriteLineAsync(JsonSerializer.Serialize(new { row.Table, row.Key, row.Column, row.Reason, row.Value }, Options).AsMemory(), ct);
    }
}
