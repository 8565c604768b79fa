namespace TaskFlow.Schema.Connections;

/// <summary>A database URL taken apart (percent-decoded), for the engine's driver to turn into a connection string.</summary>
public sealed record ConnectionUrl(string Scheme, string Host, int? Port, string User, string? Password, string Database, IReadOnlyDictionary<string, string> Query);
