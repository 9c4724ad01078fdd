using System.Xml.Linq;
using KnowledgeOs.Cli.Commands;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// Only <c>kos serve</c> and <c>kos mcp</c> go through the web project (issue #16, R9/D17): the retrieval commands, and
/// every CLI type they reach, name no type of the <c>KnowledgeOs.Server</c> assembly, and no project but the server's
/// references ASP.NET Core (so the CLI loads the shared ASP.NET framework only to serve).
/// </summary>
public sealed class CliServerBoundaryTests
{
    [Fact]
    public void Search_route_context_and_reindex_name_no_type_of_the_server_assembly()
    {
        var cli = typeof(SearchCommand).Assembly;
        var server = typeof(KnowledgeOs.Server.KosServer).Assembly;

        var references = ReferencedTypes.Closure(cli, typeof(SearchCommand), typeof(RouteCommand), typeof(ContextCommand), typeof(ReindexCommand));
        var intoServer = references.Where(r => r.Named.Assembly == server)
            .Select(r => $"{r.From.FullName} -> {r.Named.FullName}").Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(references.Count(r => r.Named.Assembly == cli) >= 10, "the walk found almost no CLI types: it no longer reads the commands");
        Assert.True(intoServer.Count == 0, "the retrieval commands reach the web project:\n" + string.Join("\n", intoServer));
    }

    [Fact]
    public void The_walk_sees_the_serve_command_use_the_server()
    {
        var server = typeof(KnowledgeOs.Server.KosServer).Assembly;

        var references = ReferencedTypes.Closure(typeof(ServeCommand).Assembly, typeof(ServeCommand));

        Assert.Contains(references, r => r.Named.Assembly == server);
    }

    [Fact]
    public void No_project_but_the_server_references_ASP_NET_Core()
    {
        var projects = Directory.GetFiles(Path.Combine(Repo.Root, "src"), "*.csproj", SearchOption.AllDirectories);
        var web = projects.Where(ReferencesAspNetCore).Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToList();

        Assert.Contains("KnowledgeOs.Server", web);
        Assert.True(web.Count == 1, "projects other than the server reference ASP.NET Core: " + string.Join(", ", web.Where(p => p != "KnowledgeOs.Server")));
    }

    /// <summary>A web SDK, the shared ASP.NET Core framework, or an ASP.NET Core package.</summary>
    private static bool ReferencesAspNetCore(string csproj)
    {
        var project = XDocument.Load(csproj).Root!;
        return ((string?)project.Attribute("Sdk") ?? "").Contains("Web", StringComparison.Ordinal)
            || project.Descendants().Any(e => e.Name.LocalName is "FrameworkReference" or "PackageReference"
                && ((string?)e.Attribute("Include") ?? "").Contains("AspNetCore", StringComparison.Ordinal));
    }
}
