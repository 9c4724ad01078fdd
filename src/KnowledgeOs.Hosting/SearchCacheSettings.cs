using System.Globalization;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Retrieval.Cache;

namespace KnowledgeOs.Hosting;

/// <summary>
/// The in-memory search cache (<see cref="IndexedSearch"/>) of the processes that answer many searches — <c>kos serve</c>
/// and <c>kos mcp</c> — set through the environment (docs/OPERATIONS.md, docs/SEARCH.md). The one-shot <c>kos search</c>
/// keeps the store's index: loading a team costs more than one query.
/// </summary>
public static class SearchCacheSettings
{
    /// <summary><c>on</c> (default) or <c>off</c>: search from the store's own index only.</summary>
    public const string Variable = "KOS_SEARCH_CACHE";

    /// <summary>Items held in memory at most, all teams together (default <see cref="IndexedSearchOptions.DefaultMaxItems"/>).</summary>
    public const string MaxItemsVariable = "KOS_SEARCH_CACHE_MAX_ITEMS";

    /// <summary>The cache's options from the environment, or null when it is off.</summary>
    /// <exception cref="InputException">A variable holds something else than <c>on</c>/<c>off</c> or a whole number from 1,000 up.</exception>
    public static IndexedSearchOptions? FromEnvironment(Action<string, Exception>? failed) =>
        From(EnvironmentDefault.Value(Variable), EnvironmentDefault.Value(MaxItemsVariable), failed);

    /// <summary>The cache's options for values of <see cref="Variable"/> and <see cref="MaxItemsVariable"/> (null: the default), or null when off.</summary>
    public static IndexedSearchOptions? From(string? enabled, string? maxItems, Action<string, Exception>? failed)
    {
        switch (enabled?.Trim().ToLowerInvariant())
        {
            case null or "" or "on":
                break;
            case "off":
                return null;
            default:
                throw InputException.Of($"{Variable} must be 'on' or 'off', not '{enabled}'.", Variable, ErrorCodes.OptionValueUnknown, Variable, enabled, "on, off");
        }
        var options = new IndexedSearchOptions { Failed = failed };
        if (string.IsNullOrWhiteSpace(maxItems)) return options;
        if (!long.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max < 1_000)
            throw InputException.Of($"{MaxItemsVariable} must be a whole number from 1000 up, not '{maxItems}'.", MaxItemsVariable,
                ErrorCodes.NumberNotBetween, MaxItemsVariable, "1000", long.MaxValue.ToString(CultureInfo.InvariantCulture));
        return options with { MaxItems = max };
    }

    /// <summary>The store's index with the cache in front when <paramref name="options"/> is given, else the store's index as it is.</summary>
    public static ISearchIndex Lexical(SearchableStore store, IndexedSearchOptions? options)
    {
        ArgumentNullException.ThrowIfNull(store);
        return options is null ? store.Search : new IndexedSearch(store.Search, store.Events, store.Items, options);
    }

    /// <summary>Writes a cache failure on stderr in <paramref name="language"/> (the search was answered by the store).</summary>
    public static Action<string, Exception> ToStderr(RenderLanguage language) =>
        (team, ex) => Console.Error.WriteLine(CliLabels.For(language).SearchCacheFailed(team, ex));
}
