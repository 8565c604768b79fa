using MySqlConnector;
using Npgsql;
using NpgsqlTypes;

namespace TaskFlow.Schema.Bench.Floor;

/// <summary>
/// One target column and the cheapest way to move a source value into it: the reader getter that
/// yields the CLR type Npgsql's binary writer needs, and nothing else (no range, JSON or enum checks).
/// </summary>
internal sealed record TargetColumn(string Name, string DataType, string UdtName)
{
    public Action<MySqlDataReader, int, NpgsqlBinaryImporter> Writer() => DataType switch
    {
        "bigint" => static (r, i, w) => w.Write(r.GetInt64(i), NpgsqlDbType.Bigint),
        "integer" => static (r, i, w) => w.Write(r.GetInt32(i), NpgsqlDbType.Integer),
        "boolean" => static (r, i, w) => w.Write(r.GetBoolean(i), NpgsqlDbType.Boolean),
        "numeric" => static (r, i, w) => w.Write(r.GetDecimal(i), NpgsqlDbType.Numeric),
        "date" => static (r, i, w) => w.Write(DateOnly.FromDateTime(r.GetDateTime(i)), NpgsqlDbType.Date),
        "timestamp with time zone" => static (r, i, w) =>
            w.Write(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc), NpgsqlDbType.TimestampTz),
        "uuid" => static (r, i, w) => w.Write(Guid.Parse(r.GetString(i)), NpgsqlDbType.Uuid),
        "jsonb" => static (r, i, w) => w.Write(r.GetString(i), NpgsqlDbType.Jsonb),
        "text" or "character varying" => static (r, i, w) => w.Write(r.GetString(i), NpgsqlDbType.Text),
        "USER-DEFINED" => EnumWriter(UdtName),
        _ => throw new NotSupportedException($"column {Name}: no floor writer for PostgreSQL type {DataType}"),
    };

    private static Action<MySqlDataReader, int, NpgsqlBinaryImporter> EnumWriter(string typeName) =>
        (r, i, w) => w.Write(r.GetString(i), typeName);
}
