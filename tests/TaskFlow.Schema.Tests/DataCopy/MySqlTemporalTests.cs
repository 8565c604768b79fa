using TaskFlow.Schema.DataCopy.Converters;

namespace TaskFlow.Schema.Tests.DataCopy;

/// <summary>MySQL's DATE/TIMESTAMP text in, PostgreSQL's timestamp text out: the two ends of a temporal value's copy.</summary>
[TestFixture]
public sealed class MySqlTemporalTests
{
    [TestCase("2024-02-29 23:59:59.123456", 2024, 2, 29, 23, 59, 59, 1234560)]
    [TestCase("0001-01-01 00:00:00", 1, 1, 1, 0, 0, 0, 0)]
    [TestCase("9999-12-31 23:59:59.9", 9999, 12, 31, 23, 59, 59, 9000000)]
    [TestCase("1970-01-01 00:00:01.000001", 1970, 1, 1, 0, 0, 1, 10)]
    public void Valid_moments_parse_to_the_tick(string text, int y, int mo, int d, int h, int mi, int s, int ticks)
    {
        Assert.That(MySqlTemporal.TryParse(text, withTime: true, out var value, out var reason), Is.True, reason);
        Assert.That(value, Is.EqualTo(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc).AddTicks(ticks)));
        Assert.That(value.Kind, Is.EqualTo(DateTimeKind.Utc));
    }

    [TestCase("0000-00-00", MySqlTemporal.ZeroReason)]
    [TestCase("2024-00-10", MySqlTemporal.ZeroReason)]
    [TestCase("2024-05-00", MySqlTemporal.ZeroReason)]
    [TestCase("2023-02-29", MySqlTemporal.InvalidReason)]
    [TestCase("2024-13-01", MySqlTemporal.InvalidReason)]
    [TestCase("2024-1-01", MySqlTemporal.InvalidReason)]
    [TestCase("2024-01-01 10:00:00", MySqlTemporal.InvalidReason)]
    [TestCase("", MySqlTemporal.InvalidReason)]
    public void Zero_partial_and_malformed_dates_are_refused_with_their_reason(string text, string expected)
    {
        Assert.That(MySqlTemporal.TryParse(text, withTime: false, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(expected));
    }

    [TestCase("2024-01-01 24:00:00")]
    [TestCase("2024-01-01 10:60:00")]
    [TestCase("2024-01-01 10:00:00.")]
    [TestCase("2024-01-01 10:00:00.1234567")]
    [TestCase("2024-01-01T10:00:00")]
    public void Malformed_times_are_refused(string text) =>
        Assert.That(MySqlTemporal.TryParse(text, withTime: true, out _, out var reason), Is.False, reason);

    // PostgreSQL 15, SET TimeZone = 'UTC', DateStyle ISO: SELECT '<moment>'::timestamptz::text.
    [TestCase("2025-06-30 23:59:59.123456", true, "2025-06-30 23:59:59.123456+00")]
    [TestCase("2025-06-30 23:59:59.1", true, "2025-06-30 23:59:59.1+00")]
    [TestCase("2025-06-30 23:59:59.000100", true, "2025-06-30 23:59:59.0001+00")]
    [TestCase("2038-01-19 03:14:07", true, "2038-01-19 03:14:07+00")]
    [TestCase("0001-01-01 00:00:00", true, "0001-01-01 00:00:00+00")]
    [TestCase("0999-12-31 23:59:59.5", false, "0999-12-31 23:59:59.5")]
    public void Moments_print_as_PostgreSQL_prints_them(string text, bool withZone, string expected)
    {
        Assert.That(MySqlTemporal.TryParse(text, withTime: true, out var value, out _), Is.True);
        Assert.That(MySqlTemporal.PostgresText(value, withZone), Is.EqualTo(expected));
    }
}
