using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>The tool as a newcomer gets it: packed, installed with <c>dotnet tool install</c>, run outside the repository.
/// One test, since packing and installing take a while.</summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    [Fact]
    public async Task The_packed_tool_installed_into_a_tool_path_runs_the_demo_from_an_empty_folder()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name == "release" ? "Release" : "Debug";
        var packages = _dir.File("nupkg");
        // --no-build: the tests were built with the CLI, and a second build on a shared machine only costs time.
        await RunAsync("dotnet", ["pack", Path.Combine(Repo.Root, "src", "KnowledgeOs.Cli"), "--no-build", "-c", configuration, "-o", packages], Repo.Root);

        var package = Assert.Single(Directory.GetFiles(packages, "KnowledgeOs.Cli.*.nupkg"));
        var metadata = Nuspec(package);
        Assert.False(string.IsNullOrWhiteSpace(metadata("version")));
        Assert.False(string.IsNullOrWhiteSpace(metadata("description")));
        Assert.False(string.IsNullOrWhiteSpace(metadata("license")));
        Assert.Equal("README.md", metadata("readme"));

        // Only the local folder as a source: the install must not depend on (or wait for) a public feed.
        var config = _dir.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="local" value="{packages}" /></packageSources>
            </configuration>
            """);
        var tools = _dir.File("tools");
        await RunAsync("dotnet", ["tool", "install", "KnowledgeOs.Cli", "--tool-path", tools, "--configfile", config, "--version", metadata("version")], _dir.Path);

        var empty = Directory.CreateDirectory(_dir.File("empty")).FullName;
        var output = await RunAsync(Path.Combine(tools, OperatingSystem.IsWindows() ? "kos.exe" : "kos"), ["demo", "--json"], empty);

        var demo = JsonDocument.Parse(output).RootElement;
        var reports = demo.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(Directory.GetFiles(Path.Combine(Repo.Samples, "reports"), "*.json").Length, reports.Count);
        Assert.All(reports, r => Assert.Equal("learned", r.GetProperty("status").GetString()));
        Assert.True(File.Exists(Path.Combine(empty, "kos-data", "kos.db")), "the demo's database is not in the folder it ran from");
    }

    /// <summary>A reader of the package's nuspec metadata by element name (license, readme, version…).</summary>
    private static Func<string, string> Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Contains(zip.Entries, e => e.FullName == "README.md");
        return name => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
    }

    /// <summary>Runs a program to its end and returns its standard output; a failure shows both streams.</summary>
    private static async Task<string> RunAsync(string program, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The installed tool's launcher finds the runtime this test runs on (it may not be in a default location).
        start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["KOS_DATA"] = null;
        start.Environment["KOS_TEAM"] = null;
        start.Environment["KOS_STORE"] = null;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A bound, not a timing assertion: a hung install fails the test instead of the whole run.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(bound.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
