using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Knowledge;
using KnowledgeOs.Storage;
using Appends = KnowledgeOs.Tests.Storage.Domain;

namespace KnowledgeOs.Tests.Application;

/// <summary>The derived-data caches share one bound: a full cache lets go of what was used least recently, not of everything.</summary>
public sealed class BoundedMemoTests
{
    [Fact]
    public void A_full_render_cache_keeps_the_renderings_in_use_instead_of_starting_again_empty()
    {
        var cache = new RenderCache();
        var state = Appends.Onboard("demo", "igor").NewState;
        var renders = 0;
        byte[] Render() { renders++; return [1]; }
        var first = new StreamId("demo", "expert-0");
        // Fill the cache to its bound, using the first expert's rendering all along (a popular page).
        for (var n = 0; n < RenderCache.MaxEntries; n++)
        {
            cache.Get(new StreamId("demo", $"expert-{n}"), new Snapshot(state, 1), 0, RenderLanguage.Ru, Render);
            cache.Get(first, new Snapshot(state, 1), 0, RenderLanguage.Ru, Render);
        }
        Assert.Equal(RenderCache.MaxEntries, renders);

        cache.Get(new StreamId("demo", "one-more"), new Snapshot(state, 1), 0, RenderLanguage.Ru, Render);
        cache.Get(first, new Snapshot(state, 1), 0, RenderLanguage.Ru, Render);
        cache.Get(new StreamId("demo", "one-more"), new Snapshot(state, 1), 0, RenderLanguage.Ru, Render);

        Assert.True(renders == RenderCache.MaxEntries + 1, $"the popular rendering or the newest was rendered again ({renders - RenderCache.MaxEntries - 1} extra renders): a full cache started again empty");
    }
}
