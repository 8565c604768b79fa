namespace TaskFlow.Schema;

/// <summary>A known failure whose message is meant for the user as it is: no stack trace needed.</summary>
public class SchemaException : Exception
{
    /// <summary>Creates the exception with a message that says what failed and what to fix.</summary>
    public SchemaException(string message, Exception? inner = null) : base(message, inner) { }
}
