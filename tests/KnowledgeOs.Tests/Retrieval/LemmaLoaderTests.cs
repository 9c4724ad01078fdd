using KnowledgeOs.Retrieval;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>The first load of the dictionaries under many concurrent first callers, as the first writes of a server meet it.
/// It caps the process's thread pool for a moment, so it runs alone, after the parallel tests.</summary>
[Collection(ThreadPoolCap.Name)]
public sealed class LemmaLoaderTests
{
    [Fact]
    public void First_callers_blocking_every_thread_pool_thread_do_not_starve_the_load()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("ru_RU.aff"), "SET UTF-8\n\nSFX A Y 1\nSFX A   ать  у     ать\n");
        File.WriteAllText(folder.File("ru_RU.dic"), "1\nписать/A\n");
        File.WriteAllText(folder.File("en_US.aff"), "SET UTF-8\n\nSFX S Y 1\nSFX S   0  s     .\n");
        File.WriteAllText(folder.File("en_US.dic"), "1\nperson/S\n");
        var loader = new LemmaLoader(folder.Path);
        // The pool held to a few threads, all taken by first callers blocking until the load is done: a load that needs a
        // pool thread of its own never gets one (a stall of seconds while the pool grows, without the cap).
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxPorts);
        Assert.True(ThreadPool.SetMaxThreads(minWorkers + 2, maxPorts));
        var callers = new LemmaSource[minWorkers + 8];
        // Not disposed: were the load stuck, callers still signal it once the pool grows back.
        var finished = new CountdownEvent(callers.Length);
        bool done;
        try
        {
            for (var i = 0; i < callers.Length; i++)
            {
                var caller = i;
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    callers[caller] = loader.Value;
                    finished.Signal();
                });
            }
            done = finished.Wait(TimeSpan.FromSeconds(20));
        }
        finally
        {
            ThreadPool.SetMaxThreads(maxWorkers, maxPorts);
        }

        Assert.True(done, $"{callers.Length} first callers on at most {minWorkers + 2} pool threads still wait for the load after 20 s");
        var source = callers[0];
        Assert.All(callers, c => Assert.Same(source, c));
        Assert.Equal(["писать"], source.Russian!.Lemmas("пису"));
        Assert.Equal(["person"], source.English!.Lemmas("persons"));
    }
}

/// <summary>Tests that cap the process's thread pool: run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadPoolCap
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Thread pool capped";
}
