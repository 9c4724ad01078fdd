using KnowledgeOs.Hosting;
using KnowledgeOs.Retrieval.Cache;

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
}
