using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Bench;

/// <summary>
/// <c>bench/targets.py</c>, which reads the outputs <c>bench/targets.sh</c> keeps and says which of issue 16's targets a
/// run met: each figure read from the benches' own output shapes, the bounds as the issue states them (≥ or &lt;), and a
/// missing output never counted as met.
/// </summary>
public sealed class TargetsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_target_is_read_from_its_bench_and_met_only_inside_its_bound()
    {
        _dir.Write("learn.txt", """
            | shape | learners | reports | reports/s | p50 ms | p99 ms | events | rows stored/report | rows/s | CPU ms/report |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            | disjoint | 1 | 2000 | 600 | 2.06 | 8.26 | 30,900 | 25.1 | 15,060 | 3.51 |
            | disjoint | 16 | 2000 | 1,499 | 11.03 | 30.00 | 31,740 | 32.6 | 48,867 | 1.07 |
            | one team of 5 | 16 | 2000 | 4,300 | 9.45 | 42.94 | 30,125 | 23.4 | 100,620 | 0.91 |

            raw batched-insert ceiling, 1 row(s) per transaction: 7,395 rows/s, 7,395 transactions/s
            raw batched-insert ceiling, 256 row(s) per transaction: 250,000 rows/s, 976 transactions/s
            """);
        _dir.Write("http.txt", """
            | endpoint | requests/s | p50 ms | p99 ms | non-2xx | of bare |
            |---|---:|---:|---:|---:|---:|
            | bare-post | 44368 | 0.85 | 2.94 | 0 | — |
            | kos-post | 6000 | 5.30 | 25.00 | 0 | 14% |
            """);
        _dir.Write("postgres.txt", """
            | round | load | 1 server req/s | p99 ms | 2 servers req/s | 2 vs 1 | non-2xx (1; 2a;2b) | lease grants (1; 2) |
            |---:|---:|---:|---:|---:|---:|---|---|
            | 1 | 3.01/3.06 | 2148 | 78.42 | 1933 | -10.0 % | 0; 0;0 | 0; 0 |
            | 2 | 2.62/3.55 | 2040 | 121.05 | 1654 | -18.9 % | 0; 2;1 | 0; 0 |

            2 servers vs 1, requests/s: median -10.0 % (rounds -18.9 .. -10.0 %); server CPU per request: median +41.2 %
            """);
        _dir.Write("duplicates.txt", "59 pairs of places (482 files read), each sharing runs of 6 or more identical or same-shape lines (59 by shape alone, 40 of those marked boilerplate)\n");
        _dir.Write("lines.txt", "401 src/KnowledgeOs/Long.cs\n");

        var rows = Rows(await RunAsync());

        Assert.Equal(("600", "yes"), rows["learn (SQLite), disjoint, 1 learner(s)"]);
        Assert.Equal(("1,499", "**no**"), rows["learn (SQLite), disjoint, 16 learner(s)"]);
        Assert.Equal(("4,300", "yes"), rows["learn (SQLite), one team of 5, 16 learner(s)"]);
        Assert.Equal(("100,620 rows/s = 40.2 %", "yes"), rows["learn, one team of 5, 16 learner(s): rows stored/s of the 256-rows ceiling (250,000)"]);
        Assert.Equal(("48,867 rows/s = 19.5 %", "**no**"), rows["learn, disjoint, 16 learner(s): rows stored/s of the 256-rows ceiling (250,000)"]);
        Assert.Equal(("6,000/s (bare Kestrel 44,368)", "yes"), rows["POST report (bench/http.sh)"]);
        Assert.Equal(("25.00 ms", "**no**"), rows["POST report p99"]);
        Assert.Equal(("-10.0 %", "yes"), rows["PostgreSQL: 2 servers vs 1, same team (median of rounds)"]);
        Assert.Equal(("3", "**no**"), rows["PostgreSQL: non-2xx answers (409 among them) in every phase"]);
        Assert.Equal(("0", "yes"), rows["`duplicates` on src/: pairs sharing identical text"]);
        Assert.Equal(("59", "yes"), rows["`duplicates` on src/: pairs by shape"]);
        Assert.Equal(("401 (src/KnowledgeOs/Long.cs)", "**no**"), rows["longest file in src/"]);
    }

    [Fact]
    public async Task A_bench_that_left_no_output_is_not_measured_and_not_met()
    {
        var output = await RunAsync();

        var rows = Rows(output);
        Assert.All(rows.Values, r => Assert.Equal(("not measured", "**no**"), r));
        Assert.Contains("0 of 13 targets met", output, StringComparison.Ordinal);
    }

    /// <summary>The printed table as figure → (measured, met).</summary>
    private static Dictionary<string, (string Measured, string Met)> Rows(string output) =>
        output.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| figure", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split(" | "))
            .ToDictionary(c => c[0].Trim(), c => (c[2].Trim(), c[3].Trim()));

    private async Task<string> RunAsync()
    {
        Assert.True(ExternalPrograms.OnPath("python3") is not null, "python3 is not installed: bench/targets.py cannot run (apt-get install python3, as .ci/python.sh does).");
        var (code, output) = await ExternalPrograms.ExecAsync("python3", [Path.Combine(Repo.Root, "bench", "targets.py"), _dir.Path], _dir.Path);
        Assert.True(code == 0, $"bench/targets.py exited with {code}:\n{output}");
        return output;
    }
}
