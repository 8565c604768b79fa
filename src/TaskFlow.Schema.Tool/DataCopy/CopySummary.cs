using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Tool.DataCopy;

/// <summary>The end of a copy or verification: a table on stderr, JSON on stdout with --json, and the exit code.</summary>
internal static class CopySummary
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static int ExitCode(CopyResult result) =>
        result.FirstMismatch is not null ? ExitCodes.VerificationFailed : result.Quarantined > 0 ? ExitCodes.Quarantined : ExitCodes.Ok;

    public static int Report(CopyResult result, bool json, string? quarantineFile, double seconds)
    {
        var code = ExitCode(result);
        var table = new Table().Title(Markup.Escape($"{result.Source} -> {result.Target}"))
            .AddColumns("Table", "Rows", "Quarantined", "Seconds", "Rows/s", "Verified", "Checksum");
        foreach (var t in result.Tables)
            table.AddRow(
                Markup.Escape(t.Table),
                t.Rows.ToString("N0", CultureInfo.InvariantCulture),
                t.Quarantined == 0 ? "0" : $"[yellow]{t.Quarantined.ToString("N0", CultureInfo.InvariantCulture)}[/]",
                t.Skipped ? "-" : t.Seconds.ToString("F1", CultureInfo.InvariantCulture),
                t.Skipped || t.Seconds <= 0 ? "-" : (t.Rows / t.Seconds).ToString("N0", CultureInfo.InvariantCulture),
                t.Verification switch { null => "skipped", { Matches: true } => "[green]ok[/]", _ => "[red]MISMATCH[/]" },
                t.Verification?.TargetChecksum ?? "");
        CopyProgressDisplay.Console.Write(table);
        if (result.Quarantined > 0)
            Console.Error.WriteLine($"{result.Quarantined} row(s) quarantined, not copied" + (quarantineFile is null ? "." : $": see {quarantineFile}."));
        if (result.FirstMismatch is { } m)
            Console.Error.WriteLine($"verification failed: {m}");
        else if (result.Verified)
            Console.Error.WriteLine("verification: every table matches (row counts and content checksums).");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Tables.Sum(t => t.Rows):N0} rows in {seconds:F1} s; exit code {code}."));
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(result, code, quarantineFile, seconds), JsonOptions));
        return code;
    }

    private static object ToJson(CopyResult r, int code, string? quarantineFile, double seconds) => new Dictionary<string, object?>
    {
        ["source"] = r.Source,
        ["target"] = r.Target,
        ["source_version"] = r.SourceVersion,
        ["exit_code"] = code,
        ["seconds"] = Math.Round(seconds, 3),
        ["rows"] = r.Tables.Sum(t => t.Rows),
        ["quarantined"] = r.Quarantined,
        ["quarantine_file"] = quarantineFile,
        ["verification"] = !r.Verified ? "skipped" : r.FirstMismatch is null ? "ok" : "mismatch",
        ["mismatch"] = r.FirstMismatch is { } m
            ? new Dictionary<string, object?> { ["table"] = m.Table, ["key"] = m.Key, ["column"] = m.Column, ["description"] = m.Description }
            : null,
        ["tables"] = r.Tables.Select(t => new Dictionary<string, object?>
        {
            ["table"] = t.Table,
            ["rows"] = t.Rows,
            ["quarantined"] = t.Quarantined,
            ["seconds"] = Math.Round(t.Seconds, 3),
            ["skipped"] = t.Skipped,
            ["source_rows"] = t.Verification?.SourceRows,
            ["target_rows"] = t.Verification?.TargetRows,
            ["source_checksum"] = t.Verification?.SourceChecksum,
            ["target_checksum"] = t.Verification?.TargetChecksum,
            ["verified"] = t.Verification?.Matches,
        }).ToList(),
    };
}
