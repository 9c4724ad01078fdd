namespace KnowledgeOs.Tests.Support;

/// <summary>
/// The npm tools the tests drive KnowledgeOS with, pinned in <c>.ci/clients</c> (package-lock.json) and installed there
/// by <c>.ci/run</c> (<c>npm ci</c>); a test run without them installs them once, and without node it is skipped, saying why.
/// </summary>
public static class NpmClients
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>The folder holding package.json, the lint rulesets and node_modules.</summary>
    public static string Folder => Path.Combine(Repo.Root, ".ci", "clients");

    /// <summary>The path of a tool in node_modules/.bin (installing the folder when it is missing); skips when node or npm is absent.</summary>
    public static Task<string> RequireAsync(string tool) => RequirePathAsync(Path.Combine("node_modules", ".bin", tool), tool);

    /// <summary>The folder of a package in node_modules, for a node script to import (installed as <see cref="RequireAsync"/> does).</summary>
    public static Task<string> RequirePackageAsync(string package) => RequirePathAsync(Path.Combine("node_modules", package), package);

    private static async Task<string> RequirePathAsync(string relative, string tool)
    {
        Skip.If(ExternalPrograms.OnPath("node") is null || ExternalPrograms.OnPath("npm") is null, $"node and npm are not installed: {tool} (from .ci/clients) cannot run.");
        var bin = Path.Combine(Folder, relative);
        await Install.WaitAsync();
        try
        {
            if (!Path.Exists(bin))
            {
                var (code, output) = await ExternalPrograms.ExecAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], Folder);
                Assert.True(code == 0, "npm ci in .ci/clients failed: " + output);
            }
        }
        finally
        {
            Install.Release();
        }
        Assert.True(Path.Exists(bin), $"{relative} is not in .ci/clients after npm ci: is {tool} in .ci/clients/package.json?");
        return bin;
    }
}
