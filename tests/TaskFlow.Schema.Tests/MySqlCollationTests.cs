using TaskFlow.Schema.Dialects.MySql;

namespace TaskFlow.Schema.Tests;

public sealed class MySqlCollationTests
{
    [TestCase("utf8mb4_0900_ai_ci", true, true, false)]
    [TestCase("utf8mb4_0900_as_ci", true, false, false)]
    [TestCase("utf8mb4_0900_as_cs", false, false, false)]
    [TestCase("utf8mb4_0900_bin", false, false, false)]
    [TestCase("utf8mb4_unicode_ci", true, true, true)]
    [TestCase("utf8mb4_general_ci", true, true, true)]
    [TestCase("utf8mb4_bin", false, false, true)]
    [TestCase("utf8mb4_uca1400_ai_ci", true, true, true)]
    [TestCase("utf8mb4_uca1400_nopad_as_cs", false, false, false)]
    [TestCase("utf8mb4_unicode_nopad_ci", true, true, false)]
    public void What_a_collation_ignores_is_read_from_its_name(string name, bool ignoresCase, bool ignoresAccents, bool ignoresTrailingSpaces) =>
        Assert.That(MySqlCollation.Of(name), Is.EqualTo(new MySqlCollation(name, ignoresCase, ignoresAccents, ignoresTrailingSpaces)));
}
