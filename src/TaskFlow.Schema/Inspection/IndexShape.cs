namespace TaskFlow.Schema.Inspection;

/// <summary>
/// What an index can serve, as the engine's catalog lists it: its kind (primary, unique or not), its method, and its
/// columns in order with their prefix lengths and directions. Used to tell a redundant index from a missing one.
/// </summary>
public sealed record IndexShape(bool Primary, bool Unique, string Method, IReadOnlyList<IndexPart> Parts)
{
    /// <summary>
    /// Whether this index serves every lookup <paramref name="other"/> serves: same method, and <paramref name="other"/>'s
    /// columns are a leftmost prefix of this one's, same direction, none with a longer prefix length than here. For a
    /// method without column order (full-text, spatial) only the same columns count.
    /// </summary>
    public bool Covers(IndexShape other)
    {
        if (Method != other.Method || other.Parts.Count > Parts.Count || other.Parts.Count == 0)
            return false;
        if (!Ordered && other.Parts.Count != Parts.Count)
            return false;
        return other.Parts.Select((p, i) => Parts[i].Serves(p)).All(served => served);
    }

    /// <summary>Whether both index the same columns the same way (uniqueness aside).</summary>
    public bool SameColumns(IndexShape other) => Covers(other) && other.Covers(this);

    private bool Ordered => Method is "BTREE" or "btree";
}

/// <summary>One column of an index: its name, the prefix length it indexes (null for the whole value), and whether it is descending.</summary>
public sealed record IndexPart(string Column, int? Prefix, bool Descending)
{
    /// <summary>Whether this part serves every lookup <paramref name="other"/> serves.</summary>
    public bool Serves(IndexPart other) =>
        Column == other.Column && Descending == other.Descending && (Prefix is null || (other.Prefix is { } p && p <= Prefix));
}
