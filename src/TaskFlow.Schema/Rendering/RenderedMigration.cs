using System.Security.Cryptography;
using System.Text;

namespace TaskFlow.Schema.Rendering;

/// <summary>One migration rendered for one engine: the exact statements Up and Down execute.</summary>
public sealed record RenderedMigration(
    long Version,
    string Description,
    bool UsesTransaction,
    IReadOnlyList<string> Up,
    IReadOnlyList<string> Down)
{
    /// <summary>SHA-256 (hex) of the Up statements: what the history records and <c>validate</c> compares.</summary>
    public string Checksum { get; } = Hash(Up);

    /// <summary>
    /// Checksums of the same migration as earlier versions of the tool rendered it (the dialect's
    /// <see cref="Dialects.ISchemaDialect.EarlierRenderings"/>): a history row recording one was applied from this migration.
    /// </summary>
    public IReadOnlyList<string> EarlierChecksums { get; init; } = [];

    /// <summary>
    /// How the Up declares columns' text to compare, whatever statements the engine needs for it (none on MySQL):
    /// what the other engine's rendering of the same step means, for the comparison across engines.
    /// </summary>
    public IReadOnlyList<Model.DeclaredTextComparison> TextComparisons { get; init; } = [];

    /// <summary>Whether a history row's <paramref name="checksum"/> records this migration, as rendered now or earlier.</summary>
    public bool Recognizes(string checksum) => checksum == Checksum || EarlierChecksums.Contains(checksum);

    internal static string Hash(IReadOnlyList<string> statements)
    {
        var text = string.Join("\n", statements.Select(s => s.ReplaceLineEndings("\n")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
