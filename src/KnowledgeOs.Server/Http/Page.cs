namespace KnowledgeOs.Server.Http;

/// <summary>One page of a list: every list endpoint answers with this shape (docs/API.md, "Paging").</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">This page's items, in the list's order.</param>
/// <param name="Next">Root-relative URL of the next page (this request with <c>cursor</c> set); null at the end. Also sent as <c>Link: &lt;…&gt;; rel="next"</c>.</param>
/// <param name="Cursor">The opaque cursor of the next page (pass it as <c>cursor</c>); null at the end, except on the change feed, where it
/// stays the place to poll from.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next, string? Cursor);
