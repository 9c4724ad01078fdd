namespace KnowledgeOs.Server.OpenApi;

/// <summary>Declaring the problems an endpoint answers with, beside those <see cref="ProblemResponses"/> adds to every operation.</summary>
public static class EndpointProblems
{
    /// <summary>Declares a <c>application/problem+json</c> response for each status, in the order given.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params ReadOnlySpan<int> statuses)
    {
        foreach (var status in statuses) endpoint.ProducesProblem(status);
        return endpoint;
    }
}
