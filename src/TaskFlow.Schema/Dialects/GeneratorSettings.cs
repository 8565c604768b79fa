using FluentMigrator.Runner;
using FluentMigrator.Runner.Generators;
using Microsoft.Extensions.Options;

namespace TaskFlow.Schema.Dialects;

/// <summary>Generator options shared by every dialect: STRICT, so an unsupported step throws instead of vanishing.</summary>
internal static class GeneratorSettings
{
    public static IOptions<GeneratorOptions> Strict { get; } =
        Options.Create(new GeneratorOptions { CompatibilityMode = CompatibilityMode.STRICT });
}
