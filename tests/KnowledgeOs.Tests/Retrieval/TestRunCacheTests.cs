using KnowledgeOs.Text;

namespace KnowledgeOs.Tests.Retrieval;

public sealed class TestRunCacheTests
{
    [Fact]
    public void The_tests_kos_processes_keep_their_dictionary_cache_out_of_the_users_home()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        var folder = HunspellCache.DefaultFolder();

        Assert.Equal(Environment.GetEnvironmentVariable("KOS_CACHE_DIR"), folder);
        Assert.NotEqual(Path.Combine(home, ".cache", "kos"), folder);
    }
}
