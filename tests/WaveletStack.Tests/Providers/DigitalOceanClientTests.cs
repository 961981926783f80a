using System.Net;
using WaveletStack.DigitalOceanFake;
using WaveletStack.Providers.DigitalOcean;
using Xunit;

namespace WaveletStack.Tests.Providers;

/// <summary>The DigitalOcean client against the local STAND-IN of the API v2 (never the real one).</summary>
public sealed class DigitalOceanClientTests : IAsyncLifetime
{
    readonly DigitalOceanFake.DigitalOceanFake fake = new();
    DigitalOceanClient client = null!;
    readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(1));

    public Task InitializeAsync()
    {
        client = new DigitalOceanClient(fake.Token, fake.BaseUrl);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await fake.DisposeAsync();
        timeout.Dispose();
    }

    [Fact]
    public async Task ListSizes_SpanningTwoPages_FollowsNextAndReturnsEveryOne()
    {
        var sizes = await client.ListSizesAsync(timeout.Token);

        Assert.Equal(DigitalOceanFake.DigitalOceanFake.Sizes.Count, sizes.Count);
        Assert.Equal(sizes.Count, sizes.Select(s => s.Slug).Distinct().Count());
        Assert.Equal(2, fake.Requests.Count(r => r.StartsWith("GET /v2/sizes")));
        Assert.Equal(12m, sizes.Single(s => s.Slug == "s-1vcpu-2gb").PriceMonthly);
    }

    [Fact]
    public async Task AnyCall_WithAWrongToken_FailsWithOneSentenceAndNeverShowsTheToken()
    {
        using var wrong = new DigitalOceanClient("dop_v1_secret_wrong", fake.BaseUrl);

        var error = await Assert.ThrowsAsync<DigitalOceanApiException>(() => wrong.GetAccountAsync(timeout.Token));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Contains("DIGITALOCEAN_TOKEN", error.Message);
        Assert.DoesNotContain("dop_v1_secret_wrong", error.Message);
    }

    [Fact]
    public async Task Request_WhenRateLimited_WaitsAndRetriesUntilAnswered()
    {
        fake.RateLimitNext(2);

        var account = await client.GetAccountAsync(timeout.Token);

        Assert.Equal(25, account.DropletLimit);
        Assert.Equal(3, fake.Requests.Count(r => r == "GET /v2/account"));
    }

    [Fact]
    public void RateLimitWait_WithOnlyRateLimitReset_WaitsUntilTheReset()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("RateLimit-Reset", (now.ToUnixTimeSeconds() + 7).ToString());

        Assert.Equal(TimeSpan.FromSeconds(7), DigitalOceanClient.RateLimitWait(response, now));
    }

    [Fact]
    public async Task AddSshKey_ThatIsAlreadyRegistered_Answers422AndReturnsTheRegisteredKey()
    {
        const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFakeFake test";
        var first = await client.AddSshKeyAsync("a", key, timeout.Token);

        var again = await client.AddSshKeyAsync("b", key, timeout.Token);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, fake.SshKeyCount);
        Assert.Contains(fake.Requests, r => r == "POST /v2/account/keys");
    }

    [Fact]
    public async Task DeleteDropletsByTag_RemovesThatTagsDropletsOnly()
    {
        var created = await client.CreateDropletsAsync(new DoDropletCreate(["t-1", "t-2"], "nyc3", "s-1vcpu-1gb", "debian-12-x64", [], ["wavelet-stack-t"], null), timeout.Token);
        await client.CreateDropletsAsync(new DoDropletCreate(["other-1"], "nyc3", "s-1vcpu-1gb", "debian-12-x64", [], ["other"], null), timeout.Token);
        await client.WaitForActionsAsync(created.Links!.Actions!.Select(a => a.Id), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), timeout.Token);
        Assert.Equal(2, (await client.ListDropletsByTagAsync("wavelet-stack-t", timeout.Token)).Count);

        await client.DeleteDropletsByTagAsync("wavelet-stack-t", timeout.Token);

        Assert.Empty(await client.ListDropletsByTagAsync("wavelet-stack-t", timeout.Token));
        Assert.Equal(["other-1"], fake.DropletNames);
    }

    [Fact]
    public async Task CreateDroplets_WithAnUnknownRegion_FailsWithTheApisReason()
    {
        var error = await Assert.ThrowsAsync<DigitalOceanApiException>(() =>
            client.CreateDropletsAsync(new DoDropletCreate(["x-1"], "mars1", "s-1vcpu-1gb", "debian-12-x64", [], [], null), timeout.Token));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Status);
        Assert.Contains("invalid region", error.Message);
    }

    [Fact]
    public async Task AnyCall_WhenTheApiIsUnreachable_SaysItCannotReachIt()
    {
        var closed = new Uri($"http://127.0.0.1:{fake.BaseUrl.Port}/");
        await fake.DisposeAsync();
        using var unreachable = new DigitalOceanClient(fake.Token, closed);

        var error = await Assert.ThrowsAsync<UserErrorException>(() => unreachable.GetAccountAsync(timeout.Token));

        Assert.StartsWith("Cannot reach the DigitalOcean API", error.Message);
    }
}
