using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.DataCopy.Converters;

namespace TaskFlow.Schema.Tests.DataCopy;

/// <summary>How a text or JSON column is selected from MySQL: by what information_schema says of it.</summary>
[TestFixture]
public sealed class SourceExpressionTests
{
    [TestCase("mediumtext", "utf8mb4_bin", "`text` COLLATE utf8mb4_bin")]
    [TestCase("varchar", "latin1_bin", "`text` COLLATE latin1_bin")]
    [TestCase("longtext", "utf8mb4_bin", "`text` COLLATE utf8mb4_bin")]
    [TestCase("varbinary", null, "`text`")]
    [TestCase("blob", null, "`text`")]
    [TestCase("json", null, "CAST(CONVERT(`text` USING utf8mb4) AS BINARY)")]
    [TestCase("json", "utf8mb4_bin", "CAST(CONVERT(`text` USING utf8mb4) AS BINARY)")]
    [TestCase("int", null, "CAST(CONVERT(`text` USING utf8mb4) AS BINARY)")]
    [TestCase("", null, "CAST(CONVERT(`text` USING utf8mb4) AS BINARY)")]
    public void A_character_column_takes_its_binary_collation_a_binary_one_is_read_as_it_is_and_the_rest_is_converted(
        string dataType, string? collation, string expected)
    {
        Assert.That(Utf8Value.SourceExpression("`text`", new SourceColumn(dataType, collation)), Is.EqualTo(expected));
    }

    [Test]
    public void Dates_and_timestamps_are_sent_as_the_bytes_of_their_text()
    {
        Assert.That(MySqlTemporal.SourceExpression("`created_at`"), Is.EqualTo("CAST(`created_at` AS BINARY)"));
    }
}
