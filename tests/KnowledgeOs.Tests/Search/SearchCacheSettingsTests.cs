using KnowledgeOs.Hosting;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Search;

/// <summary>KOS_SEARCH_CACHE and KOS_SEARCH_CACHE_MAX_ITEMS: on by default, off on request, a bad value refused naming the variable.</summary>
public sealed class SearchCacheSettingsTests
{
    [Fact]
    public void The_cache_is_on_by_default_and_off_when_asked()
    {
        Assert.Equal(IndexedSearchOptions.DefaultMaxItems, SearchCacheSettings.From(null, null, null)!.MaxItems);
        Assert.NotNull(SearchCacheSettings.From("ON", "", null));
        Assert.Null(SearchCacheSettings.From("off", "5000", null));
        Assert.Equal(250_000, SearchCacheSettings.From("on", "250000", null)!.MaxItems);
    }

    [Theory]
    [InlineData("maybe", null, SearchCacheSettings.Variable)]
    [InlineData(null, "lots", SearchCacheSettings.MaxItemsVariable)]
    [InlineData(null, "10", SearchCacheSettings.MaxItemsVariable)]
    public void A_bad_value_is_refused_naming_the_variable(string? enabled, string? maxItems, string field)
    {
        var error = Assert.Throws<InputException>(() => SearchCacheSettings.From(enabled, maxItems, null));

        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_behind_a_decorator_keeps_the_cache()
    {
        using var folder = new TempFolder();
        var opened = await StoreFactory.OpenSearchableAsync(new StoreLocation(StoreKind.Sqlite, folder.File("kos.db")), TimeProvider.System, null, default);
        await using var store = opened.Events;

        // The server and the benches hand the store on wrapped (telemetry, feed wake-up, counting): the item source
        // the cache loads from is the store's, typed, not found again by testing the wrapper's type.
        var lexical = SearchCacheSettings.Lexical(opened with { Events = new Decorated(store) }, new IndexedSearchOptions());

        Assert.IsType<IndexedSearch>(lexical);
        Assert.Same(opened.Search, SearchCacheSettings.Lexical(opened, null));
    }

    private sealed class Decorated(IEventStore inner) : ForwardingEventStore(inner);
}
