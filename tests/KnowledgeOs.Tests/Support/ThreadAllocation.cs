namespace KnowledgeOs.Tests.Support;

/// <summary>Bytes a call allocates on the calling thread, after one call to warm it up (JIT, static caches): a figure
/// that is the same every run, unlike a timing.</summary>
internal static class ThreadAllocation
{
    /// <summary>Calls <paramref name="call"/> once to warm it up, then again, measured; returns that result and its bytes.</summary>
    public static (T Result, long Bytes) Of<T>(Func<T> call)
    {
        call();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = call();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
