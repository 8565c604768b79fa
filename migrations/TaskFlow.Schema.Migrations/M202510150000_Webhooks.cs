using System.Data;
using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 12: outgoing webhooks and the log of their deliveries.</summary>
[Migration(202510150000, "Webhooks: webhooks, webhook_deliveries")]
public sealed class M202510150000_Webhooks : TaskFlowMigration
{
    /// <inheritdoc/>
    public override void Up()
    {
        CreateWebhooks();
        CreateDeliveries();
    }

    /// <inheritdoc/>
    public override void Down()
    {
        Delete.Table("webhook_deliveries");
        Delete.Table("webhooks");
    }

    private void CreateWebhooks()
    {
        // created_by is nullable with SET NULL: deleting a user keeps the webhooks they set up.
        Create.Table("webhooks").WithDescription("HTTP endpoints notified when TaskFlow events occur")
            .WithIdentityKey()
            .WithColumn("name").AsVarchar(Dialect, 255).NotNullable()
                .WithColumnDescription("Unique display name")
            .WithColumn("url").AsVarchar(Dialect, 500).NotNullable()
                .WithColumnDescription("Endpoint the event payload is POSTed to")
            .WithColumn("description").AsText(Dialect).Nullable()
            .WithColumn("events").AsStringList(Dialect).NotNullable()
                .WithColumnDescription("Event types this webhook subscribes to")
            .WithColumn("headers").AsJson(Dialect).Nullable().WithDefaultValue(Dialect.JsonDefault("{}"))
                .WithColumnDescription("Extra HTTP headers sent with every delivery, as a JSON object")
            .WithColumn("is_active").AsBool(Dialect).Nullable().WithDefaultValue(Dialect.BooleanDefault(true))
                .WithColumnDescription("Inactive webhooks receive no deliveries")
            .WithColumn("secret_token").AsVarchar(Dialect, 255).Nullable()
                .WithColumnDescription("Shared secret used to sign payloads")
            .WithColumn("retry_count").AsInt32().Nullable().WithDefaultValue(3)
                .WithColumnDescription("Attempts per delivery before it is marked failed")
            .WithColumn("timeout_seconds").AsInt32().Nullable().WithDefaultValue(30)
                .WithColumnDescription("HTTP timeout of one attempt, in seconds")
            .WithColumn("created_by").AsInt64().Nullable()
                .ForeignKey("fk_webhooks_created_by", "users", "id").OnDelete(Rule.SetNull)
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect)
            .WithColumn("last_triggered_at").AsPointInTime(Dialect).Nullable()
                .WithColumnDescription("When an event was last sent to this webhook");
        Create.Index("ux_webhooks_name").OnTable("webhooks").OnColumn("name").Unique();
        Create.Index("ix_webhooks_is_active").OnTable("webhooks").OnColumn("is_active").Ascending();
        CreateJsonIndex("gin_webhooks_events", "webhooks", "events");
        AutoUpdateTimestamp("webhooks");
    }

    private void CreateDeliveries()
    {
        Create.Table("webhook_deliveries").WithDescription("One event sent to one webhook, with the outcome of its attempts")
            .WithIdentityKey()
            .WithColumn("webhook_id").AsInt64().Nullable()
                .ForeignKey("fk_webhook_deliveries_webhook_id", "webhooks", "id").OnDelete(Rule.Cascade)
            .WithColumn("event_type").AsVarchar(Dialect, 100).NotNullable()
                .WithColumnDescription("Event that caused the delivery")
            .WithColumn("event_data").AsJson(Dialect).NotNullable()
                .WithColumnDescription("Payload sent to the webhook")
            .WithColumn("status").AsVarchar(Dialect, 20).NotNullable()
                .WithColumnDescription("pending, success or failed")
            .WithColumn("attempts").AsInt32().Nullable().WithDefaultValue(0)
                .WithColumnDescription("Attempts made so far")
            .WithColumn("response_status").AsInt32().Nullable()
                .WithColumnDescription("HTTP status of the last attempt")
            .WithColumn("response_body").AsText(Dialect).Nullable()
                .WithColumnDescription("Body returned by the last attempt")
            .WithColumn("error_message").AsText(Dialect).Nullable()
                .WithColumnDescription("Why the last attempt failed")
            .WithColumn("delivered_at").AsPointInTime(Dialect).Nullable()
                .WithColumnDescription("When the delivery succeeded")
            .WithCreatedAt(Dialect);
        CreateCheck("webhook_deliveries", "ck_webhook_deliveries_status",
            $"{Dialect.Quote("status")} IN ('pending', 'success', 'failed')");
        Create.Index("ix_webhook_deliveries_webhook_id").OnTable("webhook_deliveries").OnColumn("webhook_id").Ascending();
        Create.Index("ix_webhook_deliveries_status").OnTable("webhook_deliveries").OnColumn("status").Ascending();
        Create.Index("ix_webhook_deliveries_created_at").OnTable("webhook_deliveries").OnColumn("created_at").Descending();
    }
}
