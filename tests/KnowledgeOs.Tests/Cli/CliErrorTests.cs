using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>Failures the issue reproduced, each now one <c>error:</c> line and a documented exit code.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Export_to_a_path_that_is_a_file_is_an_input_error_naming_it()
    {
        var file = _dir.Write("not-a-folder.txt", "x");
        var run = await Kos.RunAsync("export", "--out", file, "--data", _dir.File("kos.db"));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(file, run.Error, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_report_with_an_unpaired_surrogate_is_skipped_and_the_rest_of_the_folder_is_learned()
    {
        _dir.Write("reports/a-broken.json", """
            { "taskId": "\ud800", "title": "x", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success",
              "participants": [ { "expert": "igor", "newKnowledge": ["y"] } ] }
            """);
        _dir.Write("reports/b-good.json", """
            { "taskId": "T-1", "title": "Add retries", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success",
              "participants": [ { "expert": "igor", "newKnowledge": ["Retry with exponential backoff and jitter"] } ] }
            """);
        var run = await Kos.RunAsync("learn", _dir.File("reports"), "--onboard", "--data", _dir.File("kos.db"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("a-broken.json", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 learned", run.Out, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_argument_holding_a_NUL_is_an_input_error_not_a_crash()
    {
        var run = await Kos.RunAsync("export", "--out", "a\0b", "--data", _dir.File("kos.db"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_a_usage_error_without_the_clr_type()
    {
        var run = await Kos.RunAsync("route", "x", "--top", "99999999999999", "--data", _dir.File("kos.db"));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: '99999999999999' is not a valid value", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_informational_version()
    {
        var run = await Kos.RunAsync("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Out.Trim());
    }

    [Fact]
    public void An_exception_no_rule_expected_is_one_line_with_the_internal_error_code()
    {
        var (code, message) = CliErrors.Describe(new InvalidOperationException("first line\n   at Some.Frame()"));
        Assert.Equal(CliErrors.Internal, code);
        Assert.DoesNotContain('\n', message);
        Assert.Contains("InvalidOperationException", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(UnauthorizedAccessException), 2)]
    [InlineData(typeof(DirectoryNotFoundException), 2)]
    [InlineData(typeof(IOException), 5)]
    public void File_system_failures_map_to_input_or_storage(Type type, int expected)
    {
        var exception = (Exception)Activator.CreateInstance(type, "message")!;
        Assert.Equal(expected, CliErrors.Describe(exception).ExitCode);
    }

    /// <summary>One instance of each domain error with the exit code README documents for it.</summary>
    public static TheoryData<Exception, int> DomainErrors => new()
    {
        { new InputException("bad field", "outcome"), 2 },
        { new LimitExceededException("too many items", "items", "MaxItemsPerParticipant", 1), 2 },
        { new ConflictException("stale version"), 3 },
        { new NotFoundException("no such expert"), 4 },
        { new StorageException("not a database"), 5 },
    };

    [Theory]
    [MemberData(nameof(DomainErrors))]
    public void Each_domain_error_type_maps_to_its_documented_exit_code(Exception exception, int expected)
    {
        Assert.Equal((expected, exception.Message), CliErrors.Describe(exception));
    }
}
