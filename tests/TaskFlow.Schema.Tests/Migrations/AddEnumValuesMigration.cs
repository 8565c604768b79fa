using FluentMigrator;
using TaskFlow.Schema.Migrations;
using static TaskFlow.Schema.Tests.Migrations.EnumConceptsMigration;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>Appends a value to <see cref="EnumConceptsMigration.Colour"/>, outside a transaction as required.</summary>
[Migration(3, TransactionBehavior.None)]
internal sealed class AddEnumValuesMigration : TaskFlowMigration
{
    public override void Up() => AddEnumValues(Colour, Colour.With("blue"), Usages);

    public override void Down() => RemoveEnumValues(Colour.With("blue"), Colour, Usages);
}
