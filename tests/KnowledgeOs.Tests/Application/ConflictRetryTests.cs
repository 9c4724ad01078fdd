using KnowledgeOs.Application;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Application;

public sealed class ConflictRetryTests
{
    private static WrongExpectedVersionException Lost() => new(new StreamId("t", "igor"), 1, 2);

    [Fact]
    public async Task The_first_retry_after_a_lost_race_is_immediate_and_the_second_waits_for_the_clock()
    {
        // Many times over: the second wait is random, and Polly's decorrelated jitter (used before) drew one under a
        // millisecond about once in fifty, which the fake clock does not hold back (ci65's one failure).
        for (var run = 0; run < 1_000; run++)
        {
            var clock = new FakeTimeProvider();
            var pipeline = ConflictRetry.Pipeline(3, clock);
            var attempts = 0;
            var execution = pipeline.ExecuteAsync(_ =>
            {
                attempts++;
                if (attempts <= 2) throw Lost();
                return ValueTask.CompletedTask;
            }).AsTask();

            // Without the clock moving, the first retry has already run and the second is waiting on its backoff.
            await WaitUntilAsync(() => attempts >= 2, () => $"run {run}: attempts {attempts}, run {execution.Status}");
            Assert.True(attempts == 2 && !execution.IsCompleted, $"run {run}: {attempts} attempts, {execution.Status}, before the clock moved");

            clock.Advance(ConflictRetry.FirstBackoff);
            await execution;
            Assert.Equal(3, attempts);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    public void The_backoff_is_none_after_one_lost_race_then_doubles_from_half_the_first_with_a_random_half_on_top(double jitter)
    {
        Assert.Equal(TimeSpan.Zero, ConflictRetry.Backoff(1, jitter));
        var second = ConflictRetry.Backoff(2, jitter);
        Assert.InRange(second, ConflictRetry.FirstBackoff / 2, ConflictRetry.FirstBackoff);
        Assert.Equal(2 * second.Ticks, ConflictRetry.Backoff(3, jitter).Ticks, tolerance: 1);
        Assert.InRange(ConflictRetry.Backoff(1_000, jitter), ConflictRetry.MaxBackoff / 2, ConflictRetry.MaxBackoff);
    }

    [Fact]
    public async Task Lost_races_beyond_the_budget_surface_and_other_errors_are_not_retried()
    {
        // One retry allowed, and it is the immediate one: the fake clock never has to move.
        var tries = 0;
        var pipeline = ConflictRetry.Pipeline(1, new FakeTimeProvider());
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => pipeline.ExecuteAsync(_ =>
        {
            tries++;
            throw Lost();
        }).AsTask());
        Assert.Equal(2, tries);
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => ConflictRetry.Pipeline(5).ExecuteAsync(_ =>
        {
            calls++;
            throw new InvalidOperationException("not a race");
        }).AsTask());
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Retries_because_what_a_write_stood_on_did_not_land_spend_no_race_budget_and_are_bounded_apart()
    {
        var pipeline = ConflictRetry.Pipeline(1, new FakeTimeProvider());
        var tries = 0;
        await pipeline.ExecuteAsync(_ =>
        {
            tries++;
            if (tries <= 10) throw new StoodOnNotLandedException(new StreamId("t", "igor"), 3);
            if (tries == 11) throw Lost();
            return ValueTask.CompletedTask;
        });
        Assert.Equal(12, tries);
        var endless = 0;
        await Assert.ThrowsAsync<StoodOnNotLandedException>(() => pipeline.ExecuteAsync(_ =>
        {
            endless++;
            throw new StoodOnNotLandedException(new StreamId("t", "igor"), 3);
        }).AsTask());
        Assert.Equal(ConflictRetry.MaxNotLandedRetries + 1, endless);
    }

    [Fact]
    public async Task A_write_that_keeps_standing_on_commits_that_did_not_land_gives_up_as_a_transient_storage_error_with_its_own_code()
    {
        var tries = 0;
        var error = await Assert.ThrowsAsync<StorageException>(() => ConflictRetry.Pipeline(1, new FakeTimeProvider()).RunAsync<int>(1, _ =>
        {
            tries++;
            throw new StoodOnNotLandedException(new StreamId("t", "igor"), 3);
        }, CancellationToken.None).AsTask());
        Assert.Equal(ConflictRetry.MaxNotLandedRetries + 1, tries);
        Assert.Equal("commits-not-landed", error.Code);
        Assert.Equal([ConflictRetry.MaxNotLandedRetries.ToString(System.Globalization.CultureInfo.InvariantCulture)], error.Args);
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
        var ru = KnowledgeOs.Rendering.ErrorLabels.Ru(error.Code, error.Args);
        Assert.NotNull(ru);
        Assert.Contains("64", ru, StringComparison.Ordinal);
        Assert.DoesNotContain("меняют", ru, StringComparison.Ordinal); // not the lost-race wording
        // Over HTTP: the transient storage answer (503, and Retry-After from the one exception handler), not a 409.
        var (status, _, detail, _) = KnowledgeOs.Server.Problems.ExceptionProblems.Map(error);
        Assert.Equal((503, error.Message), (status, detail));
    }

    [Fact]
    public async Task A_write_that_keeps_losing_races_still_gives_up_as_retries_exhausted()
    {
        var error = await Assert.ThrowsAsync<ConflictException>(() => ConflictRetry.Pipeline(1, new FakeTimeProvider()).RunAsync<int>(1, _ =>
            throw Lost(), CancellationToken.None).AsTask());
        Assert.Equal(ErrorCodes.RetriesExhausted, error.Code);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> state)
    {
        for (var i = 0; i < 3000 && !condition(); i++) await Task.Delay(10); // up to 30 s: a loaded CI machine starves the thread pool
        Assert.True(condition(), "still waiting after 30 s: " + state());
    }
}
