using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace WaveletStack.Providers.DigitalOcean;

/// <summary>
/// A small typed client of the DigitalOcean API v2 (the DigitalOcean.API package is not served
/// here): what making a swarm needs, with pagination, rate limits honoured and every error turned
/// into one sentence. The token goes only into the Authorization header; it is never printed.
/// </summary>
public sealed class DigitalOceanClient : IDisposable
{
    public const string DefaultBaseUrl = "https://api.digitalocean.com/";
    public const string TokenVariable = "DIGITALOCEAN_TOKEN";
    /// <summary>Points the client at another server (the tests' fake of the API).</summary>
    public const string BaseUrlVariable = "DIGITALOCEAN_API_URL";
    const int MaxRateLimitWaits = 5;
    static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromSeconds(60);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    readonly HttpClient http;

    // An overridden address is the likelier culprit than the network.
    string WhatToCheck => http.BaseAddress == new Uri(DefaultBaseUrl)
        ? "check the network connection"
        : $"check the network connection and {BaseUrlVariable}, which points the tool there instead of {DefaultBaseUrl}";

    public DigitalOceanClient(string token, Uri? baseUrl = null, HttpMessageHandler? handler = null)
    {
        if (string.IsNullOrWhiteSpace(token))
            throw new UserErrorException($"No DigitalOcean API token; set {TokenVariable} or pass --digital-ocean-token (Control Panel → API → Tokens).");
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = baseUrl ?? new Uri(DefaultBaseUrl);
        http.Timeout = TimeSpan.FromSeconds(60);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        http.DefaultRequestHeaders.UserAgent.ParseAdd("wavelet-stack");
    }

    public Uri BaseUrl => http.BaseAddress!;

    public static DigitalOceanClient FromRequest(HostRequest request, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string? Env(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
        var token = string.IsNullOrWhiteSpace(request.DigitalOceanToken) ? Env(TokenVariable) : request.DigitalOceanToken;
        var url = Env(BaseUrlVariable);
        return new DigitalOceanClient(token ?? "", string.IsNullOrWhiteSpace(url) ? null : new Uri(url.EndsWith('/') ? url : url + "/"));
    }

    public async Task<DoAccount> GetAccountAsync(CancellationToken cancellationToken) =>
        (await SendAsync<DoAccountResponse>(HttpMethod.Get, "v2/account", null, "checking the account", cancellationToken))!.Account;

    public Task<IReadOnlyList<DoSize>> ListSizesAsync(CancellationToken cancellationToken) =>
        ListAsync<DoSize>("v2/sizes", "sizes", "listing droplet sizes", cancellationToken);

    public Task<IReadOnlyList<DoRegion>> ListRegionsAsync(CancellationToken cancellationToken) =>
        ListAsync<DoRegion>("v2/regions", "regions", "listing regions", cancellationToken);

    public Task<IReadOnlyList<DoSshKey>> ListSshKeysAsync(CancellationToken cancellationToken) =>
        ListAsync<DoSshKey>("v2/account/keys", "ssh_keys", "listing SSH keys", cancellationToken);

    /// <summary>Registers a public key; when the account already has it (422), returns the registered one.</summary>
    public async Task<DoSshKey> AddSshKeyAsync(string name, string publicKey, CancellationToken cancellationToken)
    {
        try
        {
            return (await SendAsync<DoSshKeyResponse>(HttpMethod.Post, "v2/account/keys", new DoSshKeyCreate(name, publicKey),
                "registering the swarm's SSH key", cancellationToken))!.SshKey;
        }
        catch (DigitalOceanApiException e) when (e.Status == HttpStatusCode.UnprocessableEntity)
        {
            var blob = publicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            var existing = (await ListSshKeysAsync(cancellationToken))
                .FirstOrDefault(k => k.PublicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == blob);
            if (existing is null) throw;
            return existing;
        }
    }

    public Task DeleteSshKeyAsync(long id, CancellationToken cancellationToken) =>
        DeleteIgnoringMissingAsync($"v2/account/keys/{id}", "deleting the swarm's SSH key", cancellationToken);

    public async Task<DoDropletsCreated> CreateDropletsAsync(DoDropletCreate request, CancellationToken cancellationToken) =>
        (await SendAsync<DoDropletsCreated>(HttpMethod.Post, "v2/droplets", request, $"creating droplets {string.Join(", ", request.Names)}", cancellationToken))!;

    public Task<IReadOnlyList<DoDroplet>> ListDropletsByTagAsync(string tag, CancellationToken cancellationToken) =>
        ListAsync<DoDroplet>($"v2/droplets?tag_name={Uri.EscapeDataString(tag)}", "droplets", $"listing droplets tagged {tag}", cancellationToken);

    public Task DeleteDropletsByTagAsync(string tag, CancellationToken cancellationToken) =>
        DeleteIgnoringMissingAsync($"v2/droplets?tag_name={Uri.EscapeDataString(tag)}", $"deleting droplets tagged {tag}", cancellationToken);

    public async Task<DoAction> GetActionAsync(long id, CancellationToken cancellationToken) =>
        (await SendAsync<DoActionResponse>(HttpMethod.Get, $"v2/actions/{id}", null, $"checking action {id}", cancellationToken))!.Action;

    /// <summary>Polls actions until all completed; an errored action or the deadline ends with a clear message.</summary>
    public async Task WaitForActionsAsync(IEnumerable<long> ids, TimeSpan deadline, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        var pending = ids.ToHashSet();
        try
        {
            while (pending.Count > 0)
            {
                foreach (var id in pending.ToList())
                {
                    var action = await GetActionAsync(id, timeout.Token);
                    if (action.Status == "errored") throw new UserErrorException($"DigitalOcean action {id} ({action.Type}) failed; see the droplet's history in the control panel.");
                    if (action.Status == "completed") pending.Remove(id);
                }
                if (pending.Count > 0) await Task.Delay(interval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UserErrorException($"DigitalOcean actions {string.Join(", ", pending)} did not complete within {deadline.TotalMinutes:0} minutes.");
        }
    }

    public async Task<DoFirewall> CreateFirewallAsync(DoFirewall firewall, CancellationToken cancellationToken) =>
        (await SendAsync<DoFirewallResponse>(HttpMethod.Post, "v2/firewalls", firewall, $"creating firewall {firewall.Name}", cancellationToken))!.Firewall;

    /// <summary>Replaces the firewall's rules (PUT takes the whole firewall).</summary>
    public async Task<DoFirewall> UpdateFirewallAsync(string id, DoFirewall firewall, CancellationToken cancellationToken) =>
        (await SendAsync<DoFirewallResponse>(HttpMethod.Put, $"v2/firewalls/{id}", firewall, $"updating firewall {firewall.Name}", cancellationToken))!.Firewall;

    public Task DeleteFirewallAsync(string id, CancellationToken cancellationToken) =>
        DeleteIgnoringMissingAsync($"v2/firewalls/{id}", "deleting the swarm's firewall", cancellationToken);

    async Task DeleteIgnoringMissingAsync(string path, string doing, CancellationToken cancellationToken)
    {
        try { await SendAsync<JsonElement?>(HttpMethod.Delete, path, null, doing, cancellationToken); }
        catch (DigitalOceanApiException e) when (e.Status == HttpStatusCode.NotFound) { }
    }

    /// <summary>Every page of a collection, following links.pages.next (on this client's base URL).</summary>
    async Task<IReadOnlyList<T>> ListAsync<T>(string path, string collection, string doing, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = path + (path.Contains('?') ? "&" : "?") + "per_page=200";
        for (var page = 0; next is not null; page++)
        {
            if (page == 1000) throw new UserErrorException($"DigitalOcean returned more than 1000 pages while {doing}; giving up.");
            var body = await SendAsync<JsonElement>(HttpMethod.Get, next, null, doing, cancellationToken);
            if (body.TryGetProperty(collection, out var list))
                items.AddRange(list.Deserialize<List<T>>(Json) ?? []);
            next = body.TryGetProperty("links", out var links) && links.TryGetProperty("pages", out var pages)
                   && pages.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String
                ? RelativeToBase(n.GetString()!) : null;
        }
        return items;
    }

    // Keeps the path and query of a next link but stays on the configured server.
    static string RelativeToBase(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery.TrimStart('/') : link.TrimStart('/');

    async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, string doing, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new UserErrorException($"Cannot reach the DigitalOcean API at {http.BaseAddress} while {doing} ({e.HttpRequestError}: {e.Message.TrimEnd('.')}); {WhatToCheck}.", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new UserErrorException($"The DigitalOcean API at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s while {doing}; try again later.", e);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxRateLimitWaits)
                {
                    await Task.Delay(RateLimitWait(response), cancellationToken);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    DoError? error = null;
                    try { error = await response.Content.ReadFromJsonAsync<DoError>(Json, cancellationToken); }
                    catch (JsonException) { }
                    throw DigitalOceanApiException.From(response.StatusCode, error, doing);
                }
                if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0) return default;
                try
                {
                    return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                }
                catch (JsonException e)
                {
                    throw new UserErrorException($"The DigitalOcean API at {http.BaseAddress} sent an answer that is not its JSON while {doing}; check {BaseUrlVariable}.", e);
                }
            }
        }
    }

    /// <summary>How long a 429 asks to wait: Retry-After (seconds), else until RateLimit-Reset (Unix time).</summary>
    internal static TimeSpan RateLimitWait(HttpResponseMessage response, DateTimeOffset? now = null)
    {
        TimeSpan wait;
        if (response.Headers.RetryAfter?.Delta is { } delta) wait = delta;
        else if (response.Headers.TryGetValues("RateLimit-Reset", out var values) && long.TryParse(values.FirstOrDefault(), out var reset))
            wait = DateTimeOffset.FromUnixTimeSeconds(reset) - (now ?? DateTimeOffset.UtcNow);
        else wait = TimeSpan.FromSeconds(5);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRateLimitWait ? MaxRateLimitWait : wait;
    }

    public void Dispose() => http.Dispose();
}
