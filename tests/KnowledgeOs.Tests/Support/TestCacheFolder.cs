using System.Runtime.CompilerServices;

namespace KnowledgeOs.Tests.Support;

/// <summary>
/// The test run's cache folder: the <c>kos</c> processes and in-process analyzers the tests start write their Hunspell
/// dictionary cache under the temp folder, not in the user's <c>~/.cache/kos</c> (unless <c>KOS_CACHE_DIR</c> already
/// names one). Set once when the test assembly loads, before any test, and inherited by every child process.
/// </summary>
internal static class TestCacheFolder
{
    /// <summary>Where the test run's cache is.</summary>
    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kos-tests-cache");

#pragma warning disable CA2255 // A module initializer is meant here: the environment must be set before the first test starts a process.
    [ModuleInitializer]
    internal static void Set()
#pragma warning restore CA2255
    {
        if (Environment.GetEnvironmentVariable("KOS_CACHE_DIR") is { Length: > 0 }) return;
        Environment.SetEnvironmentVariable("KOS_CACHE_DIR", Path);
    }
}
