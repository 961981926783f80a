using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WaveletStack.DigitalOceanFake;

/// <summary>
/// STAND-IN for the DigitalOcean API v2: an HTTP server on 127.0.0.1 that speaks the subset of its
/// JSON the tool uses (account, SSH keys, sizes, regions, droplets by tag, actions, firewalls),
/// with its pagination, its 401/422/429 answers and its headers. Tests never contact the real API.
/// Droplets are records unless <see cref="DropletStarter"/> makes them real (local
/// Docker-in-Docker hosts), in which case their address is that host's.
/// </summary>
public sealed class DigitalOceanFake : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly CancellationTokenSource stopping = new();
    readonly Task serving;
    readonly object gate = new();
    readonly List<JsonObject> keys = [];
    readonly List<JsonObject> droplets = [];
    readonly List<JsonObject> firewalls = [];
    readonly Dictionary<long, JsonObject> actions = [];
    readonly List<string> requests = [];
    long nextId = 1000;
    int nextAddress = 9;
    int rateLimited;

    public DigitalOceanFake(string token = "fake-token", int pageSize = 20)
    {
        Token = token;
        PageSize = pageSize;
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(BaseUrl.ToString());
        listener.Start();
        serving = ServeAsync(stopping.Token);
    }

    public Uri BaseUrl { get; }
    public string Token { get; }
    public int PageSize { get; }

    /// <summary>Makes a droplet real: given its name and the public keys it was given, returns its address.</summary>
    public Func<string, IReadOnlyList<string>, CancellationToken, Task<string>>? DropletStarter { get; set; }

    /// <summary>Called when droplets are deleted by tag (to remove what <see cref="DropletStarter"/> made).</summary>
    public Func<IReadOnlyList<string>, CancellationToken, Task>? DropletRemover { get; set; }

    /// <summary>The next <paramref name="count"/> requests are answered 429 with Retry-After and RateLimit-Reset.</summary>
    public void RateLimitNext(int count) { lock (gate) rateLimited = count; }

    public IReadOnlyList<string> Requests { get { lock (gate) return requests.ToList(); } }
    public IReadOnlyList<string> DropletNames { get { lock (gate) return droplets.Select(d => (string)d["name"]!).ToList(); } }
    public int FirewallCount { get { lock (gate) return firewalls.Count; } }
    /// <summary>The firewalls as the API holds them (JSON), for tests that check their rules.</summary>
    public IReadOnlyList<JsonObject> Firewalls { get { lock (gate) return firewalls.Select(f => f.DeepClone().AsObject()).ToList(); } }
    public int SshKeyCount { get { lock (gate) return keys.Count; } }

    public static readonly string[] RegionSlugs = ["nyc1", "nyc3", "ams3", "fra1", "lon1", "sfo2", "sgp1", "tor1", "blr1"];

    /// <summary>25 sizes: more than one page at the default page size, as the real list is.</summary>
    public static IReadOnlyList<(string Slug, int Memory, int Vcpus, decimal Monthly)> Sizes { get; } =
        Enumerable.Range(1, 25).Select(i => i switch
        {
            1 => ("s-1vcpu-1gb", 1024, 1, 6m),
            2 => ("s-1vcpu-2gb", 2048, 1, 12m),
            3 => ("s-2vcpu-2gb", 2048, 2, 18m),
            4 => ("s-2vcpu-4gb", 4096, 2, 24m),
            _ => ($"c-{i}", 1024 * i, i, 40m * i),
        }).ToList();

    async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (cancellationToken.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => AnswerAsync(context, cancellationToken), cancellationToken);
        }
    }

    async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var path = request.Url!.AbsolutePath.TrimEnd('/');
            lock (gate) requests.Add($"{request.HttpMethod} {request.Url.PathAndQuery}");
            var (status, body) = await RouteAsync(request, path, cancellationToken);
            if (status == 429)
            {
                response.Headers["Retry-After"] = "1";
                response.Headers["RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString();
            }
            response.StatusCode = status;
            if (body is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
                response.ContentType = "application/json";
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes, cancellationToken);
            }
        }
        catch (Exception e)
        {
            response.StatusCode = 500;
            var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["id"] = "server_error", ["message"] = e.Message }.ToJsonString());
            await response.OutputStream.WriteAsync(bytes, CancellationToken.None);
        }
        finally
        {
            response.Close();
        }
    }

    async Task<(int, JsonNode?)> RouteAsync(HttpListenerRequest request, string path, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (rateLimited > 0) { rateLimited--; return (429, Error("too_many_requests", "API Rate limit exceeded.")); }
        }
        if (request.Headers["Authorization"] != $"Bearer {Token}") return (401, Error("unauthorized", "Unable to authenticate you"));
        var body = request.HasEntityBody ? JsonNode.Parse(await new StreamReader(request.InputStream).ReadToEndAsync(cancellationToken)) as JsonObject : null;
        var query = System.Web.HttpUtility.ParseQueryString(request.Url!.Query);
        var tag = query["tag_name"];

        switch (request.HttpMethod, path)
        {
            case ("GET", "/v2/account"):
                return (200, new JsonObject { ["account"] = new JsonObject { ["droplet_limit"] = 25, ["email"] = "fake@example.invalid", ["status"] = "active" } });
            case ("GET", "/v2/sizes"):
                return (200, Page("sizes", Sizes.Select(s => (JsonNode)new JsonObject
                {
                    ["slug"] = s.Slug, ["memory"] = s.Memory, ["vcpus"] = s.Vcpus, ["disk"] = 25 * s.Vcpus,
                    ["price_monthly"] = s.Monthly, ["price_hourly"] = Math.Round(s.Monthly / 672m, 5), ["available"] = true,
                    ["regions"] = new JsonArray(RegionSlugs.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
                    ["description"] = "Basic",
                }).ToList(), request));
            case ("GET", "/v2/regions"):
                return (200, Page("regions", RegionSlugs.Select(r => (JsonNode)new JsonObject
                {
                    ["slug"] = r, ["name"] = r.ToUpperInvariant(), ["available"] = true,
                    ["sizes"] = new JsonArray(Sizes.Select(s => (JsonNode)JsonValue.Create(s.Slug)!).ToArray()),
                }).ToList(), request));
            case ("GET", "/v2/account/keys"):
                lock (gate) return (200, Page("ssh_keys", keys.Select(k => k.DeepClone()).ToList(), request));
            case ("POST", "/v2/account/keys"):
                lock (gate)
                {
                    var publicKey = (string)body!["public_key"]!;
                    if (keys.Any(k => Blob((string)k["public_key"]!) == Blob(publicKey)))
                        return (422, Error("unprocessable_entity", "SSH Key is already in use on your account"));
                    var key = new JsonObject { ["id"] = ++nextId, ["fingerprint"] = $"fp:{nextId}", ["public_key"] = publicKey, ["name"] = (string)body["name"]! };
                    keys.Add(key);
                    return (201, new JsonObject { ["ssh_key"] = key.DeepClone() });
                }
            case ("DELETE", _) when path.StartsWith("/v2/account/keys/"):
                lock (gate) return keys.RemoveAll(k => k["id"]!.ToString() == path[17..]) > 0 ? (204, null) : (404, Error("not_found", "The resource you were accessing could not be found."));
            case ("POST", "/v2/droplets"):
                return await CreateDropletsAsync(body!, cancellationToken);
            case ("GET", "/v2/droplets"):
                lock (gate) return (200, Page("droplets", droplets.Where(d => tag is null || Tags(d).Contains(tag)).Select(d => d.DeepClone()).ToList(), request));
            case ("DELETE", "/v2/droplets") when tag is not null:
                List<string> removed;
                lock (gate)
                {
                    removed = droplets.Where(d => Tags(d).Contains(tag)).Select(d => (string)d["name"]!).ToList();
                    droplets.RemoveAll(d => Tags(d).Contains(tag));
                }
                if (DropletRemover is not null) await DropletRemover(removed, cancellationToken);
                return (204, null);
            case ("GET", _) when path.StartsWith("/v2/actions/"):
                lock (gate)
                {
                    if (!actions.TryGetValue(long.Parse(path[12..]), out var action)) return (404, Error("not_found", "The resource you were accessing could not be found."));
                    // An action completes on the second look, as a real create takes a while.
                    var answer = action.DeepClone();
                    action["status"] = "completed";
                    return (200, new JsonObject { ["action"] = answer });
                }
            case ("POST", "/v2/firewalls"):
                lock (gate)
                {
                    var firewall = body!.DeepClone().AsObject();
                    firewall["id"] = Guid.NewGuid().ToString();
                    firewall["status"] = "succeeded";
                    firewalls.Add(firewall);
                    return (202, new JsonObject { ["firewall"] = firewall.DeepClone() });
                }
            case ("PUT", _) when path.StartsWith("/v2/firewalls/"):
                lock (gate)
                {
                    var index = firewalls.FindIndex(f => (string)f["id"]! == path[14..]);
                    if (index < 0) return (404, Error("not_found", "The resource you were accessing could not be found."));
                    var firewall = body!.DeepClone().AsObject();
                    firewall["id"] = path[14..];
                    firewall["status"] = "succeeded";
                    firewalls[index] = firewall;
                    return (200, new JsonObject { ["firewall"] = firewall.DeepClone() });
                }
            case ("DELETE", _) when path.StartsWith("/v2/firewalls/"):
                lock (gate) return firewalls.RemoveAll(f => (string)f["id"]! == path[14..]) > 0 ? (204, null) : (404, Error("not_found", "The resource you were accessing could not be found."));
            default:
                return (404, Error("not_found", "The resource you were accessing could not be found."));
        }
    }

    async Task<(int, JsonNode?)> CreateDropletsAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var names = body["names"]!.AsArray().Select(n => (string)n!).ToList();
        var region = (string?)body["region"];
        var size = (string?)body["size"];
        if (!RegionSlugs.Contains(region)) return (422, Error("unprocessable_entity", "You specified an invalid region for Droplet creation."));
        if (!Sizes.Any(s => s.Slug == size)) return (422, Error("unprocessable_entity", "You specified an invalid size for Droplet creation."));
        List<string> publicKeys;
        lock (gate)
        {
            var ids = body["ssh_keys"]?.AsArray().Select(i => i!.ToString()).ToHashSet() ?? [];
            publicKeys = keys.Where(k => ids.Contains(k["id"]!.ToString())).Select(k => (string)k["public_key"]!).ToList();
        }
        var created = new JsonArray();
        var links = new JsonArray();
        foreach (var name in names)
        {
            // 203.0.113.0/24 is TEST-NET-3: documentation addresses that nothing ever answers on.
            var address = DropletStarter is null ? $"203.0.113.{Interlocked.Increment(ref nextAddress)}" : await DropletStarter(name, publicKeys, cancellationToken);
            lock (gate)
            {
                var droplet = new JsonObject
                {
                    ["id"] = ++nextId, ["name"] = name, ["status"] = "active", ["size_slug"] = size,
                    ["region"] = new JsonObject { ["slug"] = region },
                    ["tags"] = body["tags"]?.DeepClone() ?? new JsonArray(),
                    ["networks"] = new JsonObject { ["v4"] = new JsonArray(new JsonObject { ["ip_address"] = address, ["type"] = "public" }) },
                };
                droplets.Add(droplet);
                created.Add(droplet.DeepClone());
                var action = new JsonObject { ["id"] = ++nextId, ["status"] = "in-progress", ["type"] = "create" };
                actions[(long)action["id"]!] = action;
                links.Add(new JsonObject { ["id"] = (long)action["id"]!, ["rel"] = "create", ["href"] = $"{BaseUrl}v2/actions/{action["id"]}" });
            }
        }
        return (202, new JsonObject { ["droplets"] = created, ["links"] = new JsonObject { ["actions"] = links } });
    }

    /// <summary>One page of a collection, with links.pages.next as absolute URLs like the real API's.</summary>
    JsonObject Page(string name, IReadOnlyList<JsonNode> items, HttpListenerRequest request)
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Url!.Query);
        var page = int.TryParse(query["page"], out var p) && p > 0 ? p : 1;
        var perPage = Math.Min(PageSize, int.TryParse(query["per_page"], out var pp) && pp > 0 ? pp : 20);
        var pages = new JsonObject();
        if (page * perPage < items.Count)
        {
            query["page"] = (page + 1).ToString();
            pages["next"] = $"{BaseUrl.ToString().TrimEnd('/')}{request.Url.AbsolutePath}?{query}";
        }
        return new JsonObject
        {
            [name] = new JsonArray(items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone()).ToArray()),
            ["links"] = new JsonObject { ["pages"] = pages },
            ["meta"] = new JsonObject { ["total"] = items.Count },
        };
    }

    static IReadOnlyList<string> Tags(JsonObject droplet) => droplet["tags"]?.AsArray().Select(t => (string)t!).ToList() ?? [];
    static string Blob(string publicKey) => publicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "";
    static JsonObject Error(string id, string message) => new() { ["id"] = id, ["message"] = message };

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested) return;
        stopping.Cancel();
        listener.Close();
        try { await serving; } catch (Exception) { }
    }
}
