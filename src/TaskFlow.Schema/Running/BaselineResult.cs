namespace TaskFlow.Schema.Running;

/// <summary>What <c>baseline</c> found and did: the differences from the expected schema, and whether it recorded the versions.</summary>
public sealed record BaselineResult(long Version, int Recorded, IReadOnlyList<string> Differences)
{
    /// <summary>Whether the history was written.</summary>
    public bool Adopted => Recorded > 0;
}
