namespace TaskFlow.Schema.Model;

/// <summary>
/// How text compares where the application relies on it: a named collation that ignores case, and accents too when
/// <paramref name="IgnoresAccents"/>. PostgreSQL renders it as an ICU nondeterministic collation; MySQL compares by the
/// database's own collation, which for utf8mb4 ignores both by default.
/// </summary>
public sealed record TextCollation(string Name, bool IgnoresAccents)
{
    /// <summary>The ICU locale: strength level 1 ignores case and accents (as MySQL's <c>_ai_ci</c>), level 2 case only.</summary>
    public string IcuLocale => IgnoresAccents ? "und-u-ks-level1" : "und-u-ks-level2";
}
