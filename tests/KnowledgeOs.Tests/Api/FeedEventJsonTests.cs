using KnowledgeOs.Server.Feed;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Appends = KnowledgeOs.Tests.Storage.Domain;

namespace KnowledgeOs.Tests.Api;

/// <summary>The feed's serialized events: kept by position under the caches' one eviction.</summary>
public sealed class FeedEventJsonTests
{
    [Fact]
    public void A_full_cache_keeps_the_events_its_clients_read_all_the_time()
    {
        var json = new FeedEventJson(Options.Create(new JsonOptions()));
        var stream = new StreamId("t", "e0");
        var onboard = Appends.Onboard("t", "e0").Events[0];
        StoredEvent At(long position) => new(position, stream, position, onboard.GetType().Name, onboard, Appends.Start);
        var hot = At(1);
        var kept = json.Of(hot);

        // Far more positions than the cache holds, the hot one read between each: it is never serialized again.
        for (var position = 2; position < 3 * FeedEventJson.Capacity; position++)
        {
            json.Of(At(position));
            Assert.True(ReferenceEquals(kept, json.Of(hot)), $"the event read all the time was serialized again after {position - 1} others: a full cache started again empty");
        }
    }
}
