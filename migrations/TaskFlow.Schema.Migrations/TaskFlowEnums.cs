using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Migrations;

/// <summary>The enumerations as step 1 created them; later steps derive their new lists from these.</summary>
public static class TaskFlowEnums
{
    /// <summary>Role of a user.</summary>
    public static readonly EnumType UserRole = EnumType.Of("user_role", "ANALYST", "SUPERVISOR", "ADMIN");

    /// <summary>Life cycle of a request.</summary>
    public static readonly EnumType RequestStatus = EnumType.Of("request_status", "NEW", "IN_REVIEW", "PENDING", "CLOSED");

    /// <summary>State of a processing job.</summary>
    public static readonly EnumType JobStatus = EnumType.Of("job_status", "PENDING", "RUNNING", "COMPLETED", "FAILED");

    /// <summary>Kind of a processing job, as step 1 has it.</summary>
    public static readonly EnumType JobType = EnumType.Of("job_type", "STANDARD", "CUSTOM", "WORKFLOW");

    /// <summary>Life cycle of a workflow.</summary>
    public static readonly EnumType WorkflowStatus = EnumType.Of("workflow_status", "DRAFT", "ACTIVE", "ARCHIVED");

    /// <summary>Kind of a workflow block.</summary>
    public static readonly EnumType BlockType = EnumType.Of("block_type", "CORE", "CUSTOM");

    /// <summary>Where a block input comes from.</summary>
    public static readonly EnumType BlockInputType = EnumType.Of("block_input_type", "REQUEST_TEXT", "BLOCK_OUTPUT");

    /// <summary>Layout of a workflow dashboard (lower case, as production has it).</summary>
    public static readonly EnumType DashboardLayout = EnumType.Of("dashboard_layout", "grid", "list");

    /// <summary>Progress of a request's embedding (step 5).</summary>
    public static readonly EnumType EmbeddingStatus = EnumType.Of("embedding_status", "PENDING", "PROCESSING", "COMPLETED", "FAILED");

    /// <summary>Step 1's enumerations in creation order.</summary>
    public static IReadOnlyList<EnumType> Baseline { get; } =
        [UserRole, RequestStatus, JobStatus, JobType, WorkflowStatus, BlockType, BlockInputType, DashboardLayout];
}
