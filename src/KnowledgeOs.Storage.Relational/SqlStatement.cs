namespace KnowledgeOs.Storage.Relational;

/// <summary>A statement both databases run as it is (parameters as <c>@name</c>, which both providers take), with its parameters in order.</summary>
/// <param name="Sql">The SQL text.</param>
/// <param name="Parameters">The parameter names without prefix, in the order values are given.</param>
public sealed record SqlStatement(string Sql, params string[] Parameters);
