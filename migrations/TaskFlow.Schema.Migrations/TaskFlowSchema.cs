using System.Reflection;

namespace TaskFlow.Schema.Migrations;

/// <summary>Entry point for tools: the assembly that holds the TaskFlow migrations.</summary>
public static class TaskFlowSchema
{
    /// <summary>The assembly to render and apply migrations from.</summary>
    public static Assembly Migrations => typeof(TaskFlowSchema).Assembly;
}
