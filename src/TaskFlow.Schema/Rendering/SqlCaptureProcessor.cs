using System.Data;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Generators;
using FluentMigrator;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.Logging.Abstractions;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Rendering;

/// <summary>
/// A FluentMigrator processor that never touches a database: it renders each expression with the
/// dialect's generator and keeps the SQL. The same statements are what <c>up</c> executes and what
/// the offline script contains, so the two cannot drift apart.
/// </summary>
internal sealed class SqlCaptureProcessor(ISchemaDialect dialect, IMigrationGenerator generator)
    : ProcessorBase(generator, NullLogger.Instance, new ProcessorOptions { PreviewOnly = true })
{
    private readonly List<string> _statements = [];

    public IReadOnlyList<string> Statements => _statements;

    public override string DatabaseType => dialect.ProcessorId;

    public override IList<string> DatabaseTypeAliases { get; } = [];

    public void Clear() => _statements.Clear();

    protected override void Process(string sql)
    {
        if (!string.IsNullOrWhiteSpace(sql))
            _statements.Add(sql);
    }

    // Execute.Sql arrives here as it was written: no format placeholders to expand.
    public override void Execute(string sql) => Process(sql);

    public override void Execute(string template, params object[] args) =>
        Process(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, args));

    public override void Process(PerformDBOperationExpression expression) =>
        throw Offline("PerformDBOperation (code run against a live connection)");

    public override DataSet ReadTableData(string schemaName, string tableName) => throw Offline("reading table data");

    public override DataSet Read(string template, params object[] args) => throw Offline("reading data");

    public override bool Exists(string template, params object[] args) => throw Offline("existence checks");

    public override bool SchemaExists(string schemaName) => throw Offline("Schema.Exists()");

    public override bool TableExists(string schemaName, string tableName) => throw Offline("Schema.Table().Exists()");

    public override bool ColumnExists(string schemaName, string tableName, string columnName) => throw Offline("Schema.Column().Exists()");

    public override bool ConstraintExists(string schemaName, string tableName, string constraintName) => throw Offline("Schema.Constraint().Exists()");

    public override bool IndexExists(string schemaName, string tableName, string indexName) => throw Offline("Schema.Index().Exists()");

    public override bool SequenceExists(string schemaName, string sequenceName) => throw Offline("Schema.Sequence().Exists()");

    public override bool DefaultValueExists(string schemaName, string tableName, string columnName, object defaultValue) =>
        throw Offline("default value checks");

    protected override void Dispose(bool isDisposing)
    {
    }

    private static DialectNotSupportedException Offline(string what) =>
        new(what, "TaskFlow migrations", "migrations must render to fixed SQL so that the script, the checksum and `up` agree");
}
