using System.Text;
using KnowledgeOs.Application;

namespace KnowledgeOs.Tests.Import;

/// <summary>Every bad file fails alone with a clear message; the good files beside it still import; nothing is half-written.</summary>
public sealed class ImportBadInputTests : IAsyncLifetime
{
    private ImportHarness _h = null!;

    public async Task InitializeAsync() => _h = await ImportHarness.OpenAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string, string> BadFiles => new()
    {
        { "empty", "The file is empty" },
        { "no-title", "No title line" },
        { "title-without-role", "has no role" },
        { "random-bytes", "binary file" },
        { "invalid-utf8", "Invalid UTF-8 at line 5" },
        { "too-long-name", "characters; the limit" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_fails_alone_and_the_good_one_beside_it_imports(string kind, string message)
    {
        var folder = Path.Combine(_h.Folder.Path, "in");
        var good = _h.Folder.Write("in/svetlana_knowledge.md", ImportFiles.SampleText("svetlana_knowledge.md"));
        var bad = Path.Combine(folder, $"bad_{kind}.md");
        File.WriteAllBytes(bad, Bad(kind));

        var report = await _h.ImportAsync(folder);

        var badReport = report.Files.Single(f => f.Path == bad);
        Assert.False(badReport.Ok);
        Assert.Contains(message, badReport.Error, StringComparison.Ordinal);
        Assert.True(report.Files.Single(f => f.Path == good).Ok);
        // Only the good file's expert exists: nothing of the bad one was written.
        Assert.Equal(["svetlana"], (await _h.Store.ListAsync(ImportHarness.Team, CancellationToken.None)).Select(s => s.State.Slug));
    }

    [Fact]
    public async Task A_50_MB_file_is_refused_by_size_and_the_others_import()
    {
        var big = _h.Folder.File("in/huge_knowledge.md");
        Directory.CreateDirectory(Path.GetDirectoryName(big)!);
        var block = Encoding.UTF8.GetBytes(ImportFiles.SampleText("svetlana_knowledge.md"));
        await using (var stream = File.Create(big))
        {
            while (stream.Length < 50L * 1024 * 1024) await stream.WriteAsync(block);
        }
        _h.Folder.Write("in/kate_knowledge.md", ImportFiles.SampleText("kate_knowledge.md"));

        var report = await _h.ImportAsync(Path.Combine(_h.Folder.Path, "in"));

        var refused = report.Files.Single(f => f.Path == big);
        Assert.Contains("the limit is 16 MB", refused.Error, StringComparison.Ordinal);
        Assert.True(refused.Bytes >= 50L * 1024 * 1024);
        Assert.Equal(["kate"], (await _h.Store.ListAsync(ImportHarness.Team, CancellationToken.None)).Select(s => s.State.Slug));
    }

    [Fact]
    public async Task A_folder_of_10000_files_imports_every_one()
    {
        var folder = Path.Combine(_h.Folder.Path, "many");
        for (var i = 0; i < 10_000; i++)
        {
            var sub = Path.Combine(folder, $"part{i / 1000:00}");
            Directory.CreateDirectory(sub);
            File.WriteAllText(Path.Combine(sub, $"e{i:00000}_knowledge.md"),
                $"# 📚 БАЗА ЗНАНИЙ: Эксперт {i} (Role {i % 7})\n\n**Дата создания:** 2026-01-01\n\n## 📖 ИЗУЧЕННЫЕ МАТЕРИАЛЫ\n\n### Книги и ресурсы:\n\n- Книга {i} - Автор\n- Книга {i} - Автор\n");
        }

        var report = await _h.ImportAsync(new ImportOptions(MaxParallelism: 4), folder);

        Assert.Equal(10_000, report.Files.Count);
        Assert.Equal(10_000, report.Imported);
        Assert.Equal(10_000, report.Items);
        Assert.Equal(10_000, report.DuplicatesDropped);
        Assert.Equal(10_000, (await _h.Store.ListAsync(ImportHarness.Team, CancellationToken.None)).Count);
        Assert.Equal(20_000, await _h.EventsAsync());
    }

    [Fact]
    public async Task A_symlink_loop_is_reported_and_walked_once()
    {
        var folder = Path.Combine(_h.Folder.Path, "loop");
        _h.Folder.Write("loop/svetlana_knowledge.md", ImportFiles.SampleText("svetlana_knowledge.md"));
        var again = Directory.CreateSymbolicLink(Path.Combine(folder, "again"), folder);
        Directory.CreateDirectory(Path.Combine(folder, "deeper"));
        var up = Directory.CreateSymbolicLink(Path.Combine(folder, "deeper", "up"), "..");
        try
        {
            var report = await _h.ImportAsync(folder);

            Assert.Single(report.Files);
            Assert.True(report.Files[0].Ok);
            Assert.Equal(2, report.Skipped.Count(s => s.Message.Contains("symlink loop", StringComparison.Ordinal)));
        }
        finally
        {
            // The temp folder's clean-up walks folders recursively; it must not meet the loop.
            again.Delete();
            up.Delete();
        }
    }

    [Fact]
    public async Task A_file_that_vanishes_during_the_import_fails_alone()
    {
        var folder = Path.Combine(_h.Folder.Path, "vanish");
        for (var i = 0; i < 20; i++)
            _h.Folder.Write($"vanish/e{i:00}_knowledge.md", $"# 📚 БАЗА ЗНАНИЙ: Эксперт {i} (QA)\n\n## 🏆 НАГРАДЫ И ПРИЗНАНИЕ\n\n- Награда {i}\n");
        var last = Path.Combine(folder, "e19_knowledge.md");
        var deleted = 0;

        // One file at a time: when the first is done, the last one is removed from under the importer.
        var report = await _h.Service.ImportAsync(ImportHarness.Team, [folder], new ImportOptions(MaxParallelism: 1),
            onFile: _ => { if (Interlocked.Increment(ref deleted) == 1) File.Delete(last); });

        Assert.Equal(20, report.Files.Count);
        Assert.Equal("the file disappeared before it could be read", report.Files.Single(f => f.Path == last).Error);
        Assert.Equal(19, report.Imported);
    }

    [Fact]
    public async Task A_missing_path_is_reported_and_the_rest_imports()
    {
        var report = await _h.ImportAsync(Path.Combine(_h.Folder.Path, "nothing-here"), ImportFiles.Sample("kate_knowledge.md"));
        Assert.Contains("no such file or folder", report.Skipped.Single().Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Imported);
    }

    private static byte[] Bad(string kind)
    {
        switch (kind)
        {
            case "empty":
                return [];
            case "no-title":
                return Encoding.UTF8.GetBytes("## 📖 ИЗУЧЕННЫЕ МАТЕРИАЛЫ\n\n### Книги и ресурсы:\n\n- Книга - Автор\n");
            case "title-without-role":
                return Encoding.UTF8.GetBytes("# 📚 БАЗА ЗНАНИЙ: Безымянный\n\n**Приоритет:** 2\n");
            case "random-bytes":
                var bytes = new byte[100_000];
                new Random(7).NextBytes(bytes);
                return bytes;
            case "invalid-utf8":
                var head = Encoding.UTF8.GetBytes("# 📚 БАЗА ЗНАНИЙ: Олег (QA)\n\n## 🏆 НАГРАДЫ И ПРИЗНАНИЕ\n\n- Награда ");
                var tail = Encoding.UTF8.GetBytes(" за качество\n- Вторая награда\n- Третья награда\n");
                return [.. head, 0xD0, 0xFF, .. tail];
            case "too-long-name":
                return Encoding.UTF8.GetBytes($"# 📚 БАЗА ЗНАНИЙ: {new string('я', 10_001)} (QA)\n");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
