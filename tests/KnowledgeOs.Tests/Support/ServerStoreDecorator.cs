using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Support;

/// <summary>Wraps the store a built server hands out as <see cref="IEventStore"/> (what its services read and write through).</summary>
public static class ServerStoreDecorator
{
    /// <summary>A configure step for <c>KosServer.BuildAsync</c>: the server's <see cref="IEventStore"/> becomes <paramref name="wrap"/> of it.</summary>
    public static Action<WebApplicationBuilder> Wrap<T>(Func<IEventStore, T> wrap, Action<T> made) where T : IEventStore => builder =>
    {
        var original = builder.Services.Last(d => d.ServiceType == typeof(IEventStore));
        var factory = original.ImplementationFactory ?? throw new InvalidOperationException("The server's IEventStore is no longer registered by a factory.");
        builder.Services.Remove(original);
        builder.Services.AddSingleton<IEventStore>(sp =>
        {
            var wrapped = wrap((IEventStore)factory(sp));
            made(wrapped);
            return wrapped;
        });
    };
}
