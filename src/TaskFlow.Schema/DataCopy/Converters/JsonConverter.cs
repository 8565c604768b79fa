using MySqlConnector;
using Npgsql;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>
/// JSON (text on MariaDB) to jsonb, validated first so one bad document cannot abort a table's COPY.
/// The canonical form is jsonb's own text (<see cref="JsonText"/>): what PostgreSQL sends back for a
/// jsonb value is compared as it is. A json (not jsonb) column keeps its text as written, so the
/// value read back from one is brought to the canonical form first.
/// </summary>
internal sealed class JsonConverter(TargetColumn column)
    : ColumnConverter<string>(column, column.TypeName == "json" ? NpgsqlDbType.Json : NpgsqlDbType.Jsonb)
{
    // The canonical form written by the check of the current source value, so that hashing it needs no second parse.
    private string? _canonical;
    private string? _checkedText;

    protected override bool TryConvert(MySqlDataReader reader, int ordinal, out string value, out string? reason)
    {
        value = reader.GetString(ordinal);
        reason = JsonText.Check(value, out _canonical);
        _checkedText = value;
        return reason is null;
    }

    protected override string Canonicalize(string value) => ReferenceEquals(value, _checkedText) ? _canonical! : Canonical(value);

    // jsonb prints its canonical form. A json column keeps its text as written, so it is brought to that form; its text
    // that jsonb would refuse (json keeps \u0000, for one) is compared as it is: a difference, not a crash.
    protected override string TargetText(string text) => DbType == NpgsqlDbType.Jsonb ? text : Canonical(text);

    private static string Canonical(string text) => JsonText.Check(text, out var canonical) is null ? canonical! : text;
}
