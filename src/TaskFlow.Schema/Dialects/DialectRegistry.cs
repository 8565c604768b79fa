using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Dialects.MySql;
using TaskFlow.Schema.Dialects.PostgreSql;
using TaskFlow.Schema.Sync;

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

    /// <summary>The drivers of every engine, in the order messages list them.</summary>
    public static IReadOnlyList<IDatabaseDriver> Drivers { get; } = [new PostgreSqlDriver(), new MySqlDriver()];

    /// <summary>The driver whose engine a URL scheme means, or null when none does.</summary>
    public static IDatabaseDriver? DriverForScheme(string scheme) => Drivers.FirstOrDefault(d => d.UrlSchemes.Contains(scheme));

    /// <summary>What a database error means, from the driver of the engine that raised it; null when no driver knows it.</summary>
    public static string? Describe(System.Data.Common.DbException error) => Drivers.Select(d => d.Describe(error)).FirstOrDefault(d => d is not null);

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

    /// <summary>The live sync's apply of changes captured on <paramref name="source"/> into <paramref name="target"/> (the other engine).</summary>
    internal static ChangeApplier ChangeApplier(DatabaseEngine source, DatabaseEngine target, IReadOnlyList<SyncTable> tables, ErrorPolicy policy) => target switch
    {
        DatabaseEngine.PostgreSql => new PostgreSqlChangeApplier(ChangeCapture(source), ChangeCapture(target), tables, policy),
        DatabaseEngine.MySql => new MySqlChangeApplier(ChangeCapture(source), ChangeCapture(target), tables, policy),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, null),
    };
}
