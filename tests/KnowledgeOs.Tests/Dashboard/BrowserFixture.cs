using Microsoft.Playwright;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>
/// One headless Debian Chromium for the browser tests, driven by Playwright (never its own downloaded browsers:
/// the machine has no network). When /usr/bin/chromium is absent (.ci/chromium.sh could not install it) the tests skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The browser, or null when it could not be started (see <see cref="SkipReason"/>).</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Why the browser tests skip, or null.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>Where screenshots go: the test output folder.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "dashboard-screenshots");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            SkipReason = $"{Chromium} is not installed (apt-get install chromium; .ci/chromium.sh does it in CI): browser tests skipped.";
            return;
        }
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Without these, Chromium on a machine with no network waits on its own background services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            Timeout = 60_000,
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>The browser tests share one browser and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "browser";
}
