using FluentMigrator.Model;
using FluentMigrator.Runner.Generators.Base;
using FluentMigrator.Runner.Generators.MySql;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>
/// MySQL column rendering: explicit NULL (so TIMESTAMP never picks up implicit defaults),
/// plain column comments (FluentMigrator 8.0.1 prefixes them with "Description:").
/// </summary>
internal sealed class TaskFlowMySqlColumn : ColumnBase<IMySqlTypeMap>
{
    public TaskFlowMySqlColumn(IMySqlTypeMap typeMap, MySqlQuoter quoter) : base(typeMap, quoter)
    {
        ClauseOrder.Add(FormatComment);
    }

    public string FormatDefault(object defaultValue) => FormatDefaultValue(new ColumnDefinition { DefaultValue = defaultValue });

    protected override string FormatNullable(ColumnDefinition column) =>
        column.IsNullable == true ? "NULL" : "NOT NULL";

    protected override string FormatIdentity(ColumnDefinition column) => column.IsIdentity ? "AUTO_INCREMENT" : string.Empty;

    protected override string FormatExpression(ColumnDefinition column) =>
        column.Expression is null ? string.Empty
            : $"GENERATED ALWAYS AS ({column.Expression}){(column.ExpressionStored ? " STORED" : " VIRTUAL")}";

    private string FormatComment(ColumnDefinition column) =>
        string.IsNullOrEmpty(column.ColumnDescription) ? string.Empty : $"COMMENT {Quoter.QuoteValue(column.ColumnDescription)}";
}
