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

    private static string Hash(IReadOnlyList<string> statements)
    {
        var text = string.Join("\n", statements.Select(s => s.ReplaceLineEndings("\n")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
