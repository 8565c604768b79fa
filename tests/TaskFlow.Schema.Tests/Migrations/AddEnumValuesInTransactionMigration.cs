using FluentMigrator;
using TaskFlow.Schema.Migrations;
using static TaskFlow.Schema.Tests.Migrations.EnumConceptsMigration;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>Wrong on purpose: appends an enum value but keeps the default transaction.</summary>
[Migration(4)]
internal sealed class AddEnumValuesInTransactionMigration : TaskFlowMigration
{
    public override void Up() => AddEnumValues(Colour, Colour.With("blue"), Usages);

    public override void Down() => RemoveEnumValues(Colour.With("blue"), Colour, Usages);
}
