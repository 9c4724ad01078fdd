namespace KnowledgeOs.Hosting;

/// <summary>
/// Turns the thread pool's spinning off in a server with a forwarding address (<c>--advertise-url</c> or
/// <c>$KOS_ADVERTISE_URL</c>). A forwarding server hands many small requests between threads (client, forward, holder's
/// answer), and an idle worker that spins before it sleeps burns the core the other server and PostgreSQL need: with
/// spinning off, the forwarder's CPU per forwarded write fell 14–37 % by hand and 31 % set here, most of it kernel time
/// (docs/BENCHMARKS.md, "hopcost" and "Spinning off by itself"). Everywhere else spinning stays on: one SQLite server
/// served 6–26 % fewer GETs without it.
/// </summary>
/// <remarks>
/// The runtime reads the setting once, when the thread pool starts its first worker, so this runs first in both entry
/// points (<c>kos serve</c>'s and the server's own), before anything is queued, and it reads the server's arguments
/// itself (they are parsed later). An operator's own <c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit</c>, or a value in
/// the runtimeconfig, wins: with either set, this sets nothing.
/// </remarks>
public static class ThreadPoolSpin
{
    /// <summary>The runtime's name for the setting (runtimeconfig and <see cref="AppContext"/>).</summary>
    public const string Setting = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    /// <summary>The environment variable an operator sets it with.</summary>
    public const string Variable = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    /// <summary>Sets the spin limit to 0 when a server's arguments (those after <c>kos serve</c>) give it a forwarding
    /// address and nobody chose a value.</summary>
    public static void ApplyFor(IReadOnlyList<string> serverArgs, Func<string, string?> environment)
    {
        if (IsForwardingServer(serverArgs, environment) && string.IsNullOrEmpty(environment(Variable)) && AppContext.GetData(Setting) is null)
            AppContext.SetData(Setting, 0);
    }

    /// <summary>
    /// The spin limit the running thread pool uses, read from the runtime's own semaphore (a private field, so null when
    /// a runtime names it otherwise): what <c>kos serve</c> reports, whoever set it.
    /// </summary>
    public static int? Effective()
    {
        const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic;
        var worker = typeof(ThreadPool).Assembly.GetType("System.Threading.PortableThreadPool+WorkerThread");
        var semaphore = worker?.GetField("s_semaphore", Private | System.Reflection.BindingFlags.Static)?.GetValue(null);
        return semaphore?.GetType().GetField("_spinCount", Private | System.Reflection.BindingFlags.Instance)?.GetValue(semaphore) as int?;
    }

    /// <summary>True when a server's arguments, or else <c>$KOS_ADVERTISE_URL</c>, give a non-empty forwarding address.</summary>
    public static bool IsForwardingServer(IReadOnlyList<string> serverArgs, Func<string, string?> environment)
    {
        for (var i = 0; i < serverArgs.Count; i++)
        {
            var arg = serverArgs[i];
            if (arg == "--advertise-url") return i + 1 < serverArgs.Count && serverArgs[i + 1].Length > 0;
            if (arg.StartsWith("--advertise-url=", StringComparison.Ordinal) || arg.StartsWith("--advertise-url:", StringComparison.Ordinal))
                return arg.Length > "--advertise-url=".Length;
        }
        return !string.IsNullOrEmpty(environment("KOS_ADVERTISE_URL"));
    }
}
