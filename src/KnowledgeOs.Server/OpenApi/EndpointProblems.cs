namespace KnowledgeOs.Server.OpenApi;

/// <summary>Declaring the problems an endpoint answers with, beside those <see cref="ProblemResponses"/> adds to every operation, and the Markdown answer that comes with its own problems.</summary>
public static class EndpointProblems
{
    /// <summary>Declares a <c>application/problem+json</c> response for each status, in the order given.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params ReadOnlySpan<int> statuses)
    {
        foreach (var status in statuses) endpoint.ProducesProblem(status);
        return endpoint;
    }

    /// <summary>
    /// Declares the answer of an endpoint that renders a Markdown document: a <c>text/markdown</c> 200, and the problems
    /// of a bad query (400) and of an expert or team not found (404).
    /// </summary>
    public static RouteHandlerBuilder ProducesMarkdown(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<string>(StatusCodes.Status200OK, "text/markdown")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
}
