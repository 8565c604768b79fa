using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Rendering;

/// <summary>What a migration declares besides its statements while it is rendered (how text compares), collected by the renderer.</summary>
internal sealed class MigrationDeclarations
{
    public List<DeclaredTextComparison> Text { get; } = [];
}
