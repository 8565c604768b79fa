namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// Parses DATE and TIMESTAMP values that MySQL sent as text (CAST AS BINARY), so that zero and
/// partial dates ('0000-00-00', '2024-00-10') arrive as they are stored and can be refused.
/// </summary>
internal static class MySqlTemporal
{
    public const string ZeroReason = "zero or partial date: MySQL accepts it, PostgreSQL has no such date";
    public const string InvalidReason = "not a valid calendar date or time";

    /// <summary>The longest text MySQL sends for a DATE or TIMESTAMP (with six digits of fraction).</summary>
    public const int MaxSourceLength = 26;

    public static bool TryParse(string text, bool withTime, out DateTime value, out string? reason)
    {
        Span<byte> bytes = stackalloc byte[MaxSourceLength];
        if (text.Length > MaxSourceLength || !System.Text.Ascii.FromUtf16(text, bytes, out var length).Equals(System.Buffers.OperationStatus.Done))
        {
            value = default;
            return Fail(out reason);
        }
        return TryParse(bytes[..length], withTime, out value, out reason);
    }

    /// <summary>Parses the value's ASCII text as MySQL sent it (CAST AS BINARY), without making a string.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, bool withTime, out DateTime value, out string? reason)
    {
        value = default;
        if (!TryNumber(text, 0, 4, out var year) || !At(text, 4, '-') || !TryNumber(text, 5, 2, out var month)
            || !At(text, 7, '-') || !TryNumber(text, 8, 2, out var day))
            return Fail(out reason);
        int hour = 0, minute = 0, second = 0, micro = 0;
        var pos = 10;
        if (text.Length > 10)
        {
            if (!At(text, 10, ' ') || !TryNumber(text, 11, 2, out hour) || !At(text, 13, ':') || !TryNumber(text, 14, 2, out minute)
                || !At(text, 16, ':') || !TryNumber(text, 17, 2, out second))
                return Fail(out reason);
            pos = 19;
            if (text.Length > 19)
            {
                var digits = text.Length - 20;
                if (!At(text, 19, '.') || digits is < 1 or > 6 || !TryNumber(text, 20, digits, out micro))
                    return Fail(out reason);
                for (var i = digits; i < 6; i++)
                    micro *= 10;
                pos = text.Length;
            }
        }
        if (pos != text.Length || (!withTime && text.Length != 10))
            return Fail(out reason);
        if (year == 0 || month == 0 || day == 0)
        {
            reason = ZeroReason;
            return false;
        }
        if (month > 12 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return Fail(out reason);
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(micro * 10L);
        reason = null;
        return true;
    }

    /// <summary>
    /// Reads a DATE or TIMESTAMP column that the select sent as its text (<see cref="SourceExpression"/>) into
    /// <paramref name="buffer"/> (<see cref="MaxSourceLength"/> bytes, reused by the caller) and parses it.
    /// </summary>
    public static bool TryRead(MySqlConnector.MySqlDataReader reader, int ordinal, bool withTime, byte[] buffer, out DateTime value, out string? reason)
    {
        var length = reader.GetBytes(ordinal, 0, null, 0, 0);
        if (length > buffer.Length)
        {
            value = default;
            return Fail(out reason);
        }
        reader.GetBytes(ordinal, 0, buffer, 0, (int)length);
        return TryParse(buffer.AsSpan(0, (int)length), withTime, out value, out reason);
    }

    /// <summary>The select expression that makes MySQL send a DATE or TIMESTAMP as its text, as bytes.</summary>
    public static string SourceExpression(string quoted) => $"CAST({quoted} AS BINARY)";

    /// <summary>
    /// A moment as PostgreSQL's timestamp output prints it with DateStyle ISO, in a UTC session for timestamptz:
    /// yyyy-MM-dd HH:mm:ss, then the fraction of a second without trailing zeros (none when whole), then +00.
    /// </summary>
    /// <summary>The longest text <see cref="PostgresText(DateTime, bool, Span{char})"/> writes.</summary>
    public const int MaxTextLength = 30;

    public static string PostgresText(DateTime value, bool withZone)
    {
        Span<char> text = stackalloc char[MaxTextLength];
        return new string(text[..PostgresText(value, withZone, text)]);
    }

    /// <summary>Writes <see cref="PostgresText(DateTime, bool)"/> into <paramref name="text"/> and returns its length.</summary>
    public static int PostgresText(DateTime value, bool withZone, Span<char> text)
    {
        var micro = (int)(value.Ticks % TimeSpan.TicksPerSecond / 10);
        var n = Digits(text, 0, value.Year, 4);
        text[n++] = '-';
        n = Digits(text, n, value.Month, 2);
        text[n++] = '-';
        n = Digits(text, n, value.Day, 2);
        text[n++] = ' ';
        n = Digits(text, n, value.Hour, 2);
        text[n++] = ':';
        n = Digits(text, n, value.Minute, 2);
        text[n++] = ':';
        n = Digits(text, n, value.Second, 2);
        if (micro != 0)
        {
            text[n++] = '.';
            n = Digits(text, n, micro, 6);
            while (text[n - 1] == '0')
                n--;
        }
        if (withZone)
        {
            text[n++] = '+';
            text[n++] = '0';
            text[n++] = '0';
        }
        return n;
    }

    private static int Digits(Span<char> text, int at, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--, value /= 10)
            text[at + i] = (char)('0' + value % 10);
        return at + width;
    }

    private static bool Fail(out string? reason)
    {
        reason = InvalidReason;
        return false;
    }

    private static bool At(ReadOnlySpan<byte> text, int index, char c) => index < text.Length && text[index] == c;

    private static bool TryNumber(ReadOnlySpan<byte> text, int start, int length, out int value)
    {
        value = 0;
        if (start + length > text.Length)
            return false;
        for (var i = start; i < start + length; i++)
        {
            var d = text[i] - '0';
            if (d is < 0 or > 9)
                return false;
            value = value * 10 + d;
        }
        return true;
    }
}
