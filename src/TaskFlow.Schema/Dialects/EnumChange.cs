using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Dialects;

/// <summary>Checks that an enumeration change only appends values, the one change both engines can do safely.</summary>
internal static class EnumChange
{
    public static IReadOnlyList<string> Added(EnumType from, EnumType to)
    {
        if (from.Name != to.Name)
            throw new ArgumentException($"Cannot change enumeration {from.Name} into {to.Name}.");
        if (to.Values.Length <= from.Values.Length || !to.Values.Take(from.Values.Length).SequenceEqual(from.Values))
            throw new ArgumentException($"Enumeration {to.Name}: the new list must keep ({string.Join(", ", from.Values)}) in order and append to it.");
        return to.Values.Skip(from.Values.Length).ToList();
    }

    public static IReadOnlyList<string> Removed(EnumType from, EnumType to) => Added(to, from);
}
