using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Support;

/// <summary>
/// A test class run on each kind of store: its tests open fresh stores of the kind a subclass names
/// (<c>public sealed class SqliteXTests() : XContract(new SqliteTestStores());</c>), whose files or schemas go after each test.
/// </summary>
public abstract class StoreContract(ITestStores stores) : IAsyncLifetime
{
    /// <summary>A fresh, empty store of the kind under test.</summary>
    protected virtual Task<IEventStore> CreateStoreAsync(TimeProvider time) => stores.CreateAsync(time);

    /// <summary>A second instance (as another process or server would open) on the store created last.</summary>
    protected Task<IEventStore> OpenSameAsync(TimeProvider time) => stores.OpenSameAsync(time);

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync() => await stores.DisposeAsync();
}
