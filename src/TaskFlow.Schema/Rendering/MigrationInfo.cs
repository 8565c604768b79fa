using System.Reflection;
using FluentMigrator;

namespace TaskFlow.Schema.Rendering;

/// <summary>A migration class found in an assembly, with what its attribute says.</summary>
public sealed record MigrationInfo(long Version, string Description, Type Type, bool UsesTransaction)
{
    /// <summary>
    /// All migrations in <paramref name="assembly"/> (only those in <paramref name="inNamespace"/> or below it,
    /// when given), ordered by version; duplicate versions are an error.
    /// </summary>
    public static IReadOnlyList<MigrationInfo> Discover(Assembly assembly, string? inNamespace = null)
    {
        var found = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IMigration).IsAssignableFrom(t))
            .Where(t => inNamespace is null || t.Namespace == inNamespace || (t.Namespace?.StartsWith(inNamespace + ".", StringComparison.Ordinal) ?? false))
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<MigrationAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new MigrationInfo(
                x.Attribute!.Version,
                string.IsNullOrWhiteSpace(x.Attribute.Description) ? x.Type.Name : x.Attribute.Description!,
                x.Type,
                x.Attribute.TransactionBehavior != TransactionBehavior.None))
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = found.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new SchemaException($"Migration version {duplicate.Key} is used by {string.Join(" and ", duplicate.Select(m => m.Type.Name))}.");
        return found;
    }
}
