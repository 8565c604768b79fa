using FluentMigrator;
using static TaskFlow.Schema.Migrations.TaskFlowEnums;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 1: the schema production MySQL databases have had since July 2025.</summary>
[Migration(202507210000, "Baseline: the production MySQL schema of July 2025")]
public sealed partial class M202507210000_Baseline : TaskFlowMigration
{
    private static readonly string[] AutoUpdatedTables =
        ["workflows", "requests", "workflow_blocks", "workflow_dashboard_configs", "custom_instructions", "ground_truth_data"];

    /// <inheritdoc/>
    public override void Up()
    {
        foreach (var type in Baseline)
            CreateEnum(type);
        Statements(Dialect.CreateUpdatedAtFunction());

        CreateUsersAndWorkflows();
        CreateRequestsAndJobs();
        CreateBlocks();
        CreateCorrections();
        foreach (var table in AutoUpdatedTables)
            AutoUpdateTimestamp(table);
        CreateView("ground_truth_with_context", GroundTruthWithContext);
        Seed();
    }

    /// <inheritdoc/>
    public override void Down()
    {
        DropView("ground_truth_with_context");
        foreach (var table in new[]
                 {
                     "ground_truth_data", "custom_instructions", "workflow_dashboard_configs", "workflow_block_inputs",
                     "workflow_blocks", "processing_jobs", "ai_outputs", "requests", "workflows", "users",
                 })
            Delete.Table(table);
        Statements(Dialect.DropUpdatedAtFunction());
        foreach (var type in Baseline.Reverse())
            DropEnum(type);
    }

    private void CreateUsersAndWorkflows()
    {
        Create.Table("users")
            .WithIdentityKey()
            .WithColumn("name").AsVarchar(Dialect, 128).NotNullable()
            .WithColumn("email").AsVarchar(Dialect, 256).NotNullable()
            .WithColumn("role").AsEnum(Dialect, UserRole).NotNullable()
            .WithColumn("preferences").AsJson(Dialect).Nullable()
            .WithCreatedAt(Dialect);
        Create.Index("ux_users_email").OnTable("users").OnColumn("email").Unique();

        Create.Table("workflows")
            .WithIdentityKey()
            .WithColumn("name").AsVarchar(Dialect, 128).NotNullable()
            .WithColumn("description").AsText(Dialect).Nullable()
            .WithColumn("status").AsEnum(Dialect, WorkflowStatus).Nullable().WithDefaultValue(Dialect.EnumDefault(WorkflowStatus, "DRAFT"))
            .WithColumn("is_default").AsBool(Dialect).NotNullable().WithDefaultValue(Dialect.BooleanDefault(false))
            .WithColumn("created_by").AsInt64().NotNullable()
                .ForeignKey("fk_workflows_created_by", "users", "id").OnDelete(System.Data.Rule.Cascade)
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect);
        Index("workflows", "status", "updated_at");
        Index("workflows", "created_by");
        Index("workflows", "is_default");
    }

    private void CreateRequestsAndJobs()
    {
        Create.Table("requests")
            .WithIdentityKey()
            .WithColumn("text").AsText(Dialect, medium: true).NotNullable()
            .WithColumn("requester").AsVarchar(Dialect, 256).Nullable()
            .WithColumn("date_received").AsDate().Nullable().WithDefaultValue(Dialect.TodayDefault)
            .WithColumn("assigned_analyst_id").AsInt64().Nullable()
                .ForeignKey("fk_requests_assigned_analyst_id", "users", "id").OnDelete(System.Data.Rule.SetNull)
            .WithColumn("workflow_id").AsInt64().Nullable()
                .ForeignKey("fk_requests_workflow_id", "workflows", "id").OnDelete(System.Data.Rule.SetNull)
            .WithColumn("status").AsEnum(Dialect, RequestStatus).Nullable().WithDefaultValue(Dialect.EnumDefault(RequestStatus, "NEW"))
            .WithColumn("due_date").AsDate().Nullable()
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect);
        Index("requests", "assigned_analyst_id", "status");
        Index("requests", "status", "date_received");
        Index("requests", "due_date");
        Index("requests", "workflow_id");

        Create.Table("ai_outputs")
            .WithIdentityKey()
            .WithColumn("request_id").AsInt64().NotNullable()
                .ForeignKey("fk_ai_outputs_request_id", "requests", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("version").AsInt32().NotNullable().WithDefaultValue(1)
            .WithColumn("summary").AsText(Dialect).Nullable()
            .WithColumn("topic").AsVarchar(Dialect, 128).Nullable()
            .WithColumn("sensitivity_score").AsDecimal(3, 2).Nullable()
            .WithColumn("redactions_json").AsJson(Dialect).Nullable()
            .WithColumn("custom_instructions").AsText(Dialect).Nullable()
            .WithColumn("model_name").AsVarchar(Dialect, 64).Nullable()
            .WithColumn("tokens_used").AsInt32().Nullable()
            .WithColumn("duration_ms").AsInt32().Nullable()
            .WithCreatedAt(Dialect);
        Index("ai_outputs", "request_id", "version");
        Index("ai_outputs", "request_id");

        var id = Create.Table("processing_jobs")
            .WithColumn("id").AsUuid(Dialect).NotNullable().PrimaryKey();
        if (Dialect.RandomUuidDefault is { } randomUuid)
            id.WithDefaultValue(randomUuid);
        id.WithColumn("request_id").AsInt64().NotNullable()
                .ForeignKey("fk_processing_jobs_request_id", "requests", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("workflow_id").AsInt64().Nullable()
                .ForeignKey("fk_processing_jobs_workflow_id", "workflows", "id").OnDelete(System.Data.Rule.SetNull)
            .WithColumn("job_type").AsEnum(Dialect, JobType).Nullable().WithDefaultValue(Dialect.EnumDefault(JobType, "WORKFLOW"))
            .WithColumn("status").AsEnum(Dialect, JobStatus).Nullable().WithDefaultValue(Dialect.EnumDefault(JobStatus, "PENDING"))
            .WithColumn("custom_instructions").AsText(Dialect).Nullable()
            .WithColumn("error_message").AsText(Dialect).Nullable()
            .WithColumn("started_at").AsPointInTime(Dialect).Nullable()
            .WithColumn("completed_at").AsPointInTime(Dialect).Nullable()
            .WithCreatedAt(Dialect);
        Index("processing_jobs", "status", "created_at");
        Index("processing_jobs", "request_id");
    }

    private void CreateBlocks()
    {
        Create.Table("workflow_blocks")
            .WithIdentityKey()
            .WithColumn("workflow_id").AsInt64().NotNullable()
                .ForeignKey("fk_workflow_blocks_workflow_id", "workflows", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("name").AsVarchar(Dialect, 128).NotNullable()
            .WithColumn("prompt").AsText(Dialect).NotNullable()
            .WithColumn("order_index").AsInt32().NotNullable()
            .WithColumn("block_type").AsEnum(Dialect, BlockType).Nullable().WithDefaultValue(Dialect.EnumDefault(BlockType, "CUSTOM"))
            .WithColumn("output_schema").AsJson(Dialect).Nullable()
            .WithColumn("model_name").AsVarchar(Dialect, 128).Nullable().WithDefaultValue("gemma3:1b")
            .WithColumn("model_parameters").AsJson(Dialect).Nullable()
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect);
        Index("workflow_blocks", "workflow_id", "order_index");
        Index("workflow_blocks", "model_name");
        CreateJsonIndex("gin_workflow_blocks_output_schema", "workflow_blocks", "output_schema");
        CreateJsonIndex("gin_workflow_blocks_model_parameters", "workflow_blocks", "model_parameters");

        Create.Table("workflow_block_inputs")
            .WithIdentityKey()
            .WithColumn("block_id").AsInt64().NotNullable()
                .ForeignKey("fk_workflow_block_inputs_block_id", "workflow_blocks", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("input_type").AsEnum(Dialect, BlockInputType).NotNullable()
            .WithColumn("source_block_id").AsInt64().Nullable()
                .ForeignKey("fk_workflow_block_inputs_source_block_id", "workflow_blocks", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("variable_name").AsVarchar(Dialect, 64).Nullable()
            .WithCreatedAt(Dialect);
        Index("workflow_block_inputs", "block_id");

        Create.Table("workflow_dashboard_configs")
            .WithIdentityKey()
            .WithColumn("workflow_id").AsInt64().NotNullable()
                .ForeignKey("fk_workflow_dashboard_configs_workflow_id", "workflows", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("fields").AsJson(Dialect).NotNullable()
            .WithColumn("layout").AsEnum(Dialect, DashboardLayout).Nullable().WithDefaultValue(Dialect.EnumDefault(DashboardLayout, "grid"))
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect);
        Create.Index("ux_workflow_dashboard_configs_workflow_id").OnTable("workflow_dashboard_configs").OnColumn("workflow_id").Unique();
        CreateJsonIndex("gin_workflow_dashboard_configs_fields", "workflow_dashboard_configs", "fields");
    }

    private void CreateCorrections()
    {
        Create.Table("custom_instructions")
            .WithIdentityKey()
            .WithColumn("request_id").AsInt64().NotNullable()
                .ForeignKey("fk_custom_instructions_request_id", "requests", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("workflow_block_id").AsInt64().NotNullable()
                .ForeignKey("fk_custom_instructions_workflow_block_id", "workflow_blocks", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("instruction_text").AsText(Dialect).NotNullable()
            .WithColumn("created_by").AsInt64().Nullable().WithDefaultValue(1)
                .ForeignKey("fk_custom_instructions_created_by", "users", "id").OnDelete(System.Data.Rule.SetNull)
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect)
            .WithColumn("is_active").AsBool(Dialect).Nullable().WithDefaultValue(Dialect.BooleanDefault(true));
        Create.Index("ux_custom_instructions_request_id_workflow_block_id").OnTable("custom_instructions")
            .OnColumn("request_id").Ascending().OnColumn("workflow_block_id").Ascending().WithOptions().Unique();
        Index("custom_instructions", "request_id");
        Index("custom_instructions", "workflow_block_id");
        Index("custom_instructions", "is_active");

        Create.Table("ground_truth_data")
            .WithIdentityKey()
            .WithColumn("request_id").AsInt64().NotNullable()
                .ForeignKey("fk_ground_truth_data_request_id", "requests", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("workflow_block_id").AsInt64().NotNullable()
                .ForeignKey("fk_ground_truth_data_workflow_block_id", "workflow_blocks", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("field_path").AsVarchar(Dialect, 255).NotNullable()
            .WithColumn("ai_value").AsJson(Dialect).Nullable()
            .WithColumn("ground_truth_value").AsJson(Dialect).NotNullable()
            .WithColumn("created_by").AsInt64().NotNullable()
                .ForeignKey("fk_ground_truth_data_created_by", "users", "id").OnDelete(System.Data.Rule.Cascade)
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect)
            .WithColumn("notes").AsText(Dialect).Nullable();
        Create.Index("ux_ground_truth_data_request_block_field").OnTable("ground_truth_data")
            .OnColumn("request_id").Ascending().OnColumn("workflow_block_id").Ascending().OnColumn("field_path").Ascending()
            .WithOptions().Unique();
        Index("ground_truth_data", "request_id");
        Index("ground_truth_data", "workflow_block_id");
        Index("ground_truth_data", "field_path");
        CreateJsonIndex("gin_ground_truth_data_ai_value", "ground_truth_data", "ai_value");
        CreateJsonIndex("gin_ground_truth_data_ground_truth_value", "ground_truth_data", "ground_truth_value");
    }

    private void Index(string table, params string[] columns)
    {
        var index = Create.Index($"ix_{table}_{string.Join("_", columns)}").OnTable(table);
        foreach (var column in columns)
            index.OnColumn(column).Ascending();
    }

    internal const string GroundTruthWithContext = """
        SELECT g.id, g.request_id, g.workflow_block_id, g.field_path, g.ai_value, g.ground_truth_value,
               g.notes, g.created_by, g.created_at, g.updated_at,
               r.text AS request_text, b.name AS block_name, b.prompt AS block_prompt, u.name AS created_by_name
        FROM ground_truth_data g
        JOIN requests r ON r.id = g.request_id
        JOIN workflow_blocks b ON b.id = g.workflow_block_id
        JOIN users u ON u.id = g.created_by
        """;
}
