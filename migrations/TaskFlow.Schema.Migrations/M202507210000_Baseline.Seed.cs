using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

public sealed partial class M202507210000_Baseline
{
    private const string AdminId = "(SELECT id FROM users WHERE email = 'admin@system.local')";
    private const string ExampleWorkflowId = "(SELECT id FROM workflows WHERE name = 'Example Workflow')";

    private void Seed()
    {
        Insert.IntoTable("users")
            .Row(new { name = "System Admin", email = "admin@system.local", role = "ADMIN" })
            .Row(new { name = "Default Analyst", email = "analyst@system.local", role = "ANALYST" });

        Insert.IntoTable("workflows").Row(new Dictionary<string, object>
        {
            ["name"] = "Example Workflow",
            ["description"] = "Example Basic Workflow",
            ["status"] = "ACTIVE",
            ["is_default"] = true,
            ["created_by"] = RawSql.Insert(AdminId),
        });

        Insert.IntoTable("workflow_blocks")
            .Row(Block("Summarize Text", 0,
                "Summarize the following text in 1-3 sentences:\n\n{input_1}",
                """{"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"]}"""))
            .Row(Block("Extract Tag", 1,
                "Give a 1-3 word tag that describes this summary:\n\n{summary}",
                """{"type": "object", "properties": {"tag": {"type": "string"}}, "required": ["tag"]}"""));

        Insert.IntoTable("workflow_block_inputs")
            .Row(new Dictionary<string, object>
            {
                ["block_id"] = RawSql.Insert(BlockId("Summarize Text")),
                ["input_type"] = "REQUEST_TEXT",
                ["variable_name"] = "input_1",
            })
            .Row(new Dictionary<string, object>
            {
                ["block_id"] = RawSql.Insert(BlockId("Extract Tag")),
                ["input_type"] = "BLOCK_OUTPUT",
                ["source_block_id"] = RawSql.Insert(BlockId("Summarize Text")),
                ["variable_name"] = "summary",
            });

        Insert.IntoTable("workflow_dashboard_configs").Row(new Dictionary<string, object>
        {
            ["workflow_id"] = RawSql.Insert(ExampleWorkflowId),
            ["fields"] = """[{"block": "Extract Tag", "field": "tag", "display": "badge"}, {"block": "Summarize Text", "field": "summary", "display": "text"}]""",
            ["layout"] = "grid",
        });
    }

    private static Dictionary<string, object> Block(string name, int order, string prompt, string outputSchema) => new()
    {
        ["workflow_id"] = RawSql.Insert(ExampleWorkflowId),
        ["name"] = name,
        ["prompt"] = prompt,
        ["order_index"] = order,
        ["block_type"] = "CUSTOM",
        ["output_schema"] = outputSchema,
        ["model_name"] = "gemma3:1b",
    };

    private static string BlockId(string name) =>
        $"(SELECT b.id FROM workflow_blocks b JOIN workflows w ON w.id = b.workflow_id WHERE w.name = 'Example Workflow' AND b.name = '{name}')";
}
