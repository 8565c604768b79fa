using System.Data.Common;
using System.Text.RegularExpressions;
using MySqlConnector;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>
/// What differs between the MySQL servers the tool works with, Oracle MySQL (8.0 in production, 9.7 in the tests) and
/// MariaDB 10.11, decided from the server a connection reached. Code outside this folder never asks which server it is.
/// </summary>
internal abstract partial class MySqlFlavor
{
    public static readonly MySqlFlavor MariaDb = new MariaDbFlavor();
    public static readonly MySqlFlavor Oracle = new OracleFlavor();

    /// <summary>The flavour of the server <paramref name="connection"/> (open) is connected to; MariaDB says so in its version.</summary>
    public static MySqlFlavor Of(DbConnection connection) =>
        ((MySqlConnection)connection).ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? MariaDb : Oracle;

    /// <summary>
    /// A column's default as one text on both servers: MariaDB's spelling (<c>NULL</c> for a nullable column's implicit
    /// default, string literals quoted, <c>current_timestamp()</c>), expression defaults without character-set introducers.
    /// </summary>
    public abstract string? ColumnDefault(string? columnDefault, string? extra, bool nullable, string columnType);

    /// <summary>information_schema.COLUMNS.EXTRA in one spelling (lower case, what the default already says left out).</summary>
    public abstract string Extra(string? extra);

    /// <summary>Selects table, name and clause of every CHECK constraint of the current database.</summary>
    public abstract string ChecksQuery { get; }

    /// <summary>The rights to set read_only and to go on writing under it (the cut-over removes its capture after), as GRANT names them.</summary>
    public abstract string ReadOnlyRights { get; }

    /// <summary>The rights whose holders go on writing under read_only, as information_schema.USER_PRIVILEGES names them.</summary>
    public abstract IReadOnlyList<string> WriteUnderReadOnly { get; }

    // _utf8mb4'{}' or _utf8mb3\'{}\': the client's character set when the default was written, not its meaning. An introducer
    // starts a token and names a character set; '_progress' inside a literal is text.
    protected static string WithoutIntroducers(string expression) =>
        Introducer().Replace(expression.Replace("\\'", "'", StringComparison.Ordinal), "");

    [GeneratedRegex(@"(?<![\w'])_(?:utf8mb4|utf8mb3|utf8|latin1|binary|ascii)(?=')", RegexOptions.IgnoreCase)]
    private static partial Regex Introducer();

    [GeneratedRegex(@"\bcurrent_timestamp\b(?!\()", RegexOptions.IgnoreCase)]
    protected static partial Regex BareCurrentTimestamp();

    [GeneratedRegex(@"^(tinyint|smallint|mediumint|int|bigint|decimal|float|double|bit|year)\b")]
    protected static partial Regex NumericType();

    private sealed class MariaDbFlavor : MySqlFlavor
    {
        public override string? ColumnDefault(string? columnDefault, string? extra, bool nullable, string columnType) =>
            columnDefault is null ? null : WithoutIntroducers(columnDefault);

        public override string Extra(string? extra) => (extra ?? "").ToLowerInvariant();

        public override string ReadOnlyRights => "READ_ONLY ADMIN";

        public override IReadOnlyList<string> WriteUnderReadOnly => ["SUPER", "READ_ONLY ADMIN"];

        // MariaDB names check constraints per table (its JSON checks are named after the column) and has CHECK_CONSTRAINTS.TABLE_NAME.
        public override string ChecksQuery =>
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";
    }

    private sealed class OracleFlavor : MySqlFlavor
    {
        // Oracle MySQL reports no default for a nullable column's implicit DEFAULT NULL, literals unquoted, and expressions
        // (DEFAULT_GENERATED in EXTRA) as written, with the writer's character-set introducer and CURRENT_TIMESTAMP bare.
        public override string? ColumnDefault(string? columnDefault, string? extra, bool nullable, string columnType)
        {
            var generated = extra ?? "";
            if (generated.Contains("VIRTUAL GENERATED", StringComparison.Ordinal) || generated.Contains("STORED GENERATED", StringComparison.Ordinal))
                return columnDefault;
            if (columnDefault is null)
                return nullable ? "NULL" : null;
            if (generated.Contains("DEFAULT_GENERATED", StringComparison.Ordinal))
                return BareCurrentTimestamp().Replace(WithoutIntroducers(columnDefault), "current_timestamp()").Replace("CURRENT_TIMESTAMP(", "current_timestamp(", StringComparison.Ordinal);
            return NumericType().IsMatch(columnType) ? columnDefault : "'" + columnDefault.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        public override string Extra(string? extra)
        {
            var text = (extra ?? "").Replace("DEFAULT_GENERATED", "", StringComparison.Ordinal).Trim();
            return BareCurrentTimestamp().Replace(text, "current_timestamp()").ToLowerInvariant();
        }

        public override string ReadOnlyRights => "SYSTEM_VARIABLES_ADMIN, CONNECTION_ADMIN";

        public override IReadOnlyList<string> WriteUnderReadOnly => ["SUPER", "CONNECTION_ADMIN"];

        // Oracle MySQL names check constraints per schema, and its CHECK_CONSTRAINTS has no TABLE_NAME.
        public override string ChecksQuery => """
            SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE
            FROM information_schema.TABLE_CONSTRAINTS tc
            JOIN information_schema.CHECK_CONSTRAINTS cc
              ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
            WHERE tc.CONSTRAINT_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK'
            """;
    }
}
