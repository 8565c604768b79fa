using System.Collections.Immutable;

namespace TaskFlow.Schema.Model;

/// <summary>A named enumeration: a type of its own on PostgreSQL, an inline ENUM(...) on MySQL.</summary>
public sealed record EnumType(string Name, ImmutableArray<string> Values)
{
    /// <summary>Creates an enumeration with its values in declaration order.</summary>
    public static EnumType Of(string name, params string[] values) => new(name, [.. values]);

    /// <summary>The same enumeration with <paramref name="added"/> appended, as ADD VALUE does.</summary>
    public EnumType With(params string[] added)
    {
        var duplicate = added.FirstOrDefault(Values.Contains);
        if (duplicate is not null)
            throw new ArgumentException($"Enumeration {Name} already has the value '{duplicate}'.", nameof(added));
        return this with { Values = Values.AddRange(added) };
    }

    /// <inheritdoc/>
    public bool Equals(EnumType? other) =>
        other is not null && Name == other.Name && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Values.Length);
}
