using System.Reflection;

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c> naming this test assembly) that writes, as the process exits, the
/// name of every assembly the process loaded, one a line, to the file named by <c>KOS_TEST_LOADED_ASSEMBLIES</c>: how
/// <see cref="KnowledgeOs.Tests.Cli.CliLoadedAssembliesTests"/> sees what a real <c>kos</c> process loads. It touches
/// only the base library, so loading it loads nothing of the test assembly's own references.
/// </summary>
internal static class StartupHook
{
    /// <summary>Called by the runtime before <c>Main</c>.</summary>
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("KOS_TEST_LOADED_ASSEMBLIES") is not { Length: > 0 } file) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(file,
            AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Where(n => n.Length > 0 && n != Assembly.GetExecutingAssembly().GetName().Name));
    }
}
