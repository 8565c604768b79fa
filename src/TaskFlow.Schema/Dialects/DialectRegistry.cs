using TaskFlow.Schema.Dialects.MySql;
using TaskFlow.Schema.Dialects.PostgreSql;

namespace TaskFlow.Schema.Dialects;

/// <summary>The one place that picks the dialect and driver of an engine.</summary>
public static class DialectRegistry
{
    /// <summary>The schema dialect of <paramref name="engine"/>.</summary>
    public static ISchemaDialect Dialect(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => new PostgreSqlDialect(),
        DatabaseEngine.MySql => new MySqlDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };

    /// <summary>The catalog inspector of <paramref name="engine"/>.</summary>
    public static ISchemaInspector Inspector(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => new PostgreSqlInspector(),
        DatabaseEngine.MySql => new MySqlInspector(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };

    /// <summary>The live driver of <paramref name="engine"/>.</summary>
    public static IDatabaseDriver Driver(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => new PostgreSqlDriver(),
        DatabaseEngine.MySql => new MySqlDriver(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };

    /// <summary>The live-sync capture and bookkeeping of <paramref name="engine"/>.</summary>
    internal static IChangeCapture ChangeCapture(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => new PostgreSqlChangeCapture(),
        DatabaseEngine.MySql => new MySqlChangeCapture(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };
}
