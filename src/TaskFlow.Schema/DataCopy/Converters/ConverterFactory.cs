namespace TaskFlow.Schema.DataCopy.Converters;

/// <summary>Picks the converter of a target column by its PostgreSQL type.</summary>
internal static class ConverterFactory
{
    public static ColumnConverter Create(string table, TargetColumn column) => column switch
    {
        { IsEnum: true } => new EnumConverter(column),
        { TypeName: "int2" or "int4" or "int8" } => new IntegerConverter(column),
        { TypeName: "bool" } => new BooleanConverter(column),
        { TypeName: "text" or "varchar" or "bpchar" } => new TextConverter(column),
        { TypeName: "uuid" } => new UuidConverter(column),
        { TypeName: "jsonb" or "json" } => new JsonConverter(column),
        { TypeName: "timestamptz" or "timestamp" } => new TimestampConverter(column),
        { TypeName: "date" } => new DateConverter(column),
        { TypeName: "numeric" } => new DecimalConverter(column),
        { TypeName: "_text" or "_varchar" } => new TextArrayConverter(column),
        _ => throw new SchemaException(
            $"Column {table}.{column.Name} has type {column.DisplayType}, which copy-data cannot fill from MySQL."),
    };
}
