namespace KnowledgeOs.Feeds;

/// <summary>One entry of a feed, whatever its format.</summary>
/// <param name="Id">The entry's id (guid, id, or its link when it has none).</param>
/// <param name="Title">Title, plain text.</param>
/// <param name="Link">Where it is described, if given.</param>
/// <param name="Summary">Summary as plain text (HTML tags removed), possibly empty.</param>
/// <param name="Published">When it was published, if given.</param>
/// <param name="Categories">Its categories or tags.</param>
public sealed record FeedEntry(string Id, string Title, string? Link, string Summary, DateTimeOffset? Published, IReadOnlyList<string> Categories);

/// <summary>A parsed feed.</summary>
/// <param name="Format"><c>rss</c>, <c>atom</c> or <c>json</c>.</param>
/// <param name="Title">The feed's title.</param>
/// <param name="Entries">Its entries in document order.</param>
public sealed record FeedDocument(string Format, string Title, IReadOnlyList<FeedEntry> Entries);

/// <summary>A best-practice source configured for a team.</summary>
/// <param name="Url">The feed URL (RSS 2.0, Atom or JSON Feed).</param>
/// <param name="Category">Category given to its entries when they carry none.</param>
/// <param name="Roles">Roles every entry of this feed is for.</param>
/// <param name="Tags">Expertise tags every entry of this feed is for.</param>
public sealed record FeedSource(string Url, string? Category = null, IReadOnlyList<string>? Roles = null, IReadOnlyList<string>? Tags = null)
{
    /// <summary>The source every item from this feed carries: <c>feed:&lt;url&gt;</c>.</summary>
    public string SourceTag => "feed:" + Url;
}
