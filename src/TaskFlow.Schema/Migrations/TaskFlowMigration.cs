using System.Reflection;
using FluentMigrator;
using FluentMigrator.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Model;
using TaskFlow.Schema.Rendering;

namespace TaskFlow.Schema.Migrations;

/// <summary>
/// Base of every TaskFlow migration: gives the migration the dialect of the engine it is being
/// rendered for, and operations that FluentMigrator has no expression for.
/// </summary>
public abstract class TaskFlowMigration : Migration
{
    private ISchemaDialect? _dialect;
    private MigrationDeclarations? _declarations;

    /// <summary>The dialect of the engine this migration is being rendered for.</summary>
    protected ISchemaDialect Dialect =>
        _dialect ?? throw new InvalidOperationException("The dialect is only available while Up() or Down() runs.");

    /// <inheritdoc/>
    public override void GetUpExpressions(IMigrationContext context)
    {
        _dialect = context.ServiceProvider.GetRequiredService<ISchemaDialect>();
        _declarations = context.ServiceProvider.GetService<MigrationDeclarations>();
        try { base.GetUpExpressions(context); }
        finally { (_dialect, _declarations) = (null, null); }
    }

    /// <inheritdoc/>
    public override void GetDownExpressions(IMigrationContext context)
    {
        _dialect = context.ServiceProvider.GetRequiredService<ISchemaDialect>();
        _declarations = context.ServiceProvider.GetService<MigrationDeclarations>();
        try { base.GetDownExpressions(context); }
        finally { (_dialect, _declarations) = (null, null); }
    }

    /// <summary>Adds each statement as raw SQL, in order.</summary>
    protected void Statements(IEnumerable<string> statements)
    {
        foreach (var statement in statements)
            Execute.Sql(statement);
    }

    /// <summary>Creates an enumeration type (PostgreSQL); MySQL declares it on each column.</summary>
    protected void CreateEnum(EnumType type) => Statements(Dialect.CreateEnumType(type));

    /// <summary>Drops an enumeration type.</summary>
    protected void DropEnum(EnumType type) => Statements(Dialect.DropEnumType(type));

    /// <summary>Appends values to an enumeration on every column listed in <paramref name="usages"/>.</summary>
    protected void AddEnumValues(EnumType from, EnumType to, params EnumColumn[] usages)
    {
        RequireNoTransaction(nameof(AddEnumValues));
        Statements(Dialect.AddEnumValues(from, to, usages));
    }

    /// <summary>Takes an enumeration back to fewer values (the Down of <see cref="AddEnumValues"/>).</summary>
    protected void RemoveEnumValues(EnumType from, EnumType to, params EnumColumn[] usages) =>
        Statements(Dialect.RemoveEnumValues(from, to, usages));

    /// <summary>Makes the <c>updated_at</c> column of <paramref name="table"/> move on every update.</summary>
    protected void AutoUpdateTimestamp(string table) => Statements(Dialect.AddUpdatedAtTrigger(table));

    /// <summary>A GIN index on PostgreSQL; not applicable on MySQL.</summary>
    protected void CreateJsonIndex(string name, string table, params string[] columns) =>
        Statements(Dialect.CreateJsonIndex(name, table, columns));

    /// <summary>Drops what <see cref="CreateJsonIndex"/> created.</summary>
    protected void DropJsonIndex(string name, string table) => Statements(Dialect.DropJsonIndex(name, table));

    /// <summary>A unique index over the rows where a boolean column is true.</summary>
    protected void CreatePartialUniqueIndex(PartialUniqueIndex index) => Statements(Dialect.CreatePartialUniqueIndex(index));

    /// <summary>Drops what <see cref="CreatePartialUniqueIndex"/> created.</summary>
    protected void DropPartialUniqueIndex(PartialUniqueIndex index) => Statements(Dialect.DropPartialUniqueIndex(index));

    /// <summary>A named CHECK constraint.</summary>
    protected void CreateCheck(string table, string name, string condition) =>
        Statements(Dialect.AddCheckConstraint(table, name, condition));

    /// <summary>Creates a view over a SELECT both engines understand.</summary>
    protected void CreateView(string name, string select) => Statements(Dialect.CreateView(name, select));

    /// <summary>Drops a view.</summary>
    protected void DropView(string name) => Statements(Dialect.DropView(name));

    /// <summary>Makes <paramref name="columns"/> compare under <paramref name="collation"/>; <paramref name="views"/> read them.</summary>
    protected void UseTextCollation(TextCollation collation, TextColumn[] columns, params (string Name, string Select)[] views)
    {
        Statements(Dialect.UseTextCollation(collation, columns, views));
        _declarations?.Text.AddRange(columns.Select(c => new DeclaredTextComparison(c, collation)));
    }

    /// <summary>The Down of <see cref="UseTextCollation"/>.</summary>
    protected void DropTextCollation(TextCollation collation, TextColumn[] columns, params (string Name, string Select)[] views)
    {
        Statements(Dialect.DropTextCollation(collation, columns, views));
        _declarations?.Text.AddRange(columns.Select(c => new DeclaredTextComparison(c, null)));
    }

    private void RequireNoTransaction(string operation)
    {
        var attribute = GetType().GetCustomAttribute<MigrationAttribute>();
        if (attribute?.TransactionBehavior != TransactionBehavior.None)
            throw new InvalidOperationException(
                $"{GetType().Name}: {operation} must run outside a transaction (PostgreSQL cannot use an enum value in the transaction that adds it); declare [Migration(version, TransactionBehavior.None)].");
    }
}
