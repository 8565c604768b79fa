using MySqlConnector;
using NpgsqlTypes;

namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>A converter whose value is held as <typeparamref name="T"/>; NULL handling shared.</summary>
internal abstract class ColumnConverter<T>(TargetColumn column, NpgsqlDbType dbType) : ColumnConverter(column)
{
    private T _value = default!;
    private bool _isNull;

    protected NpgsqlDbType DbType { get; } = dbType;

    public sealed override bool TryRead(MySqlDataReader reader, int ordinal, out string? reason)
    {
        if (reader.IsDBNull(ordinal))
        {
            _isNull = true;
            reason = Column.NotNull ? $"NULL in a column that is NOT NULL on PostgreSQL ({Column.DisplayType})" : null;
            return reason is null;
        }
        _isNull = false;
        return TryConvert(reader, ordinal, out _value, out reason);
    }

    public sealed override void Write(BinaryCopyWriter writer)
    {
        if (_isNull)
            writer.WriteNull();
        else
            WriteValue(writer, _value);
    }

    public sealed override string? Canonical() => _isNull ? null : Canonicalize(_value);

    public sealed override ulong Digest(RowDigest digest, ulong seed) => _isNull ? RowDigest.Null(seed) : DigestValue(digest, _value, seed);

    /// <summary>The hash of the value's canonical text; override to hash its UTF-8 without a string.</summary>
    protected virtual ulong DigestValue(RowDigest digest, T value, ulong seed) => digest.Hash(Canonicalize(value), seed);

    protected abstract bool TryConvert(MySqlDataReader reader, int ordinal, out T value, out string? reason);

    /// <summary>The value's text as PostgreSQL's output function prints it once stored.</summary>
    protected abstract string Canonicalize(T value);

    /// <summary>Writes the value in its binary COPY format (the type's <c>recv</c> function reads it).</summary>
    protected abstract void WriteValue(BinaryCopyWriter writer, T value);
}
