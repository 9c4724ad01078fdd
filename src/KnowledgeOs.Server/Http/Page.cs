using System.Text.Json.Serialization;

namespace KnowledgeOs.Server.Http;

/// <summary>One page of a list: every list endpoint answers with this shape (docs/API.md, "Paging").</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">This page's items, in the list's order.</param>
/// <param name="Next">Root-relative URL of the next page (this request with <c>cursor</c> set); null at the end. Also sent as <c>Link: &lt;…&gt;; rel="next"</c>.</param>
/// <param name="Cursor">The opaque cursor of the next page (pass it as <c>cursor</c>); null at the end, except on the change feed, where it
/// stays the place to poll from.</param>
/// <remarks>Written even when null (the server otherwise leaves nulls out): a client reads the end of a list from them.</remarks>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Next,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Cursor);
