using TaskFlow.Schema.DataCopy.Converters;

namespace TaskFlow.Schema.Tests.DataCopy;

/// <summary>JSON lists of strings for text[] columns: parsed once, refused clearly, and written as jsonb prints them.</summary>
[TestFixture]
public sealed class JsonTextTests
{
    [Test]
    public void A_list_of_strings_parses_and_its_canonical_form_is_jsonb_text()
    {
        var items = JsonText.ParseStringArray("""["job.failed","naïve \"quoted\" ☃","tab\there","\u00e9"]""", out var reason);

        Assert.That(reason, Is.Null);
        Assert.That(items, Is.EqualTo(new[] { "job.failed", "naïve \"quoted\" ☃", "tab\there", "é" }));
        // SELECT to_jsonb(ARRAY['job.failed', 'naïve "quoted" ☃', E'tab\there', 'é'])::text
        Assert.That(JsonText.Canonical(items!), Is.EqualTo("""["job.failed", "naïve \"quoted\" ☃", "tab\there", "é"]"""));
        Assert.That(JsonText.Canonical([]), Is.EqualTo("[]"));
    }

    [TestCase("""{"a": 1}""", "expected a JSON array of strings")]
    [TestCase("""["a", 1]""", "expected a JSON array of strings")]
    [TestCase("""["a\u0000"]""", JsonText.NulReason)]
    [TestCase("""["a",""", "invalid JSON")]
    public void Anything_else_is_refused_with_a_reason(string text, string expected)
    {
        Assert.That(JsonText.ParseStringArray(text, out var reason), Is.Null);
        Assert.That(reason, Does.StartWith(expected));
    }

    [Test]
    public void Many_lists_in_a_row_parse_independently()
    {
        // The document of one parse must not be reused or disposed under the next (the crash at the latest step).
        for (var i = 0; i < 1000; i++)
            Assert.That(JsonText.ParseStringArray($"""["{i}", "x"]""", out _), Is.EqualTo(new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), "x" }));
    }
}
