using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaveletStack.Processes;

namespace WaveletStack.Images;

/// <summary>
/// The user's `docker login` credentials for a registry, read from ~/.docker/config.json
/// (`auths` entries, or a credential helper named by `credHelpers`/`credsStore`), turned into
/// the engine's X-Registry-Auth header. The secret is never printed.
/// </summary>
public static class RegistryCredentials
{
    const string DockerHub = "https://index.docker.io/v1/";

    /// <summary>The registry host an image prefix such as `localhost:5000` or `perlin` lives on.</summary>
    public static string ServerOf(string registry)
    {
        var first = registry.Split('/')[0];
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : DockerHub;
    }

    /// <summary>
    /// The X-Registry-Auth value: JSON in base64url (with padding), as the engine decodes it.
    /// (Docker.DotNet sends standard base64, which the engine silently reads as "no credentials"
    /// whenever it contains '+' or '/'.)
    /// </summary>
    public static string Header(string registry, string? configPath = null)
    {
        var server = ServerOf(registry);
        var auth = new JsonObject { ["serveraddress"] = server };
        if (Find(server, configPath ?? DefaultConfigPath()) is var (user, secret))
        {
            if (user == "<token>") auth["identitytoken"] = secret;
            else { auth["username"] = user; auth["password"] = secret; }
        }
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(auth.ToJsonString())).Replace('+', '-').Replace('/', '_');
    }

    public static string DefaultConfigPath() =>
        Path.Combine(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), "config.json");

    static (string User, string Secret)? Find(string server, string configPath)
    {
        if (!File.Exists(configPath)) return null;
        JsonNode? config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(configPath));
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{configPath} is not valid JSON ({e.Message}); fix it or run `docker login` again.");
        }
        if (config?["auths"] is JsonObject auths)
            foreach (var (key, value) in auths)
                if (SameServer(key, server) && value?["auth"]?.GetValue<string>() is { Length: > 0 } encoded)
                    return Split(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), configPath);

        var helper = (config?["credHelpers"] as JsonObject)?.FirstOrDefault(p => SameServer(p.Key, server)).Value?.GetValue<string>()
                     ?? config?["credsStore"]?.GetValue<string>();
        return helper is null ? null : FromHelper(helper, server);
    }

    static (string, string) Split(string userAndSecret, string configPath)
    {
        var colon = userAndSecret.IndexOf(':');
        if (colon < 0) throw new UserErrorException($"An `auth` entry in {configPath} is not `user:password` in base64; run `docker login` again.");
        return (userAndSecret[..colon], userAndSecret[(colon + 1)..]);
    }

    static (string, string)? FromHelper(string helper, string server)
    {
        var program = ExternalProcess.FindOnPath("docker-credential-" + helper);
        if (program is null) return null;
        var info = new System.Diagnostics.ProcessStartInfo(program, ["get"])
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        process.StandardInput.Write(server);
        process.StandardInput.Close();
        var answer = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0) return null;
        var json = JsonNode.Parse(answer);
        return json?["Username"]?.GetValue<string>() is { } user && json["Secret"]?.GetValue<string>() is { } secret ? (user, secret) : null;
    }

    static bool SameServer(string key, string server) => Normalize(key) == Normalize(server);

    static string Normalize(string server)
    {
        var host = server.Replace("https://", "").Replace("http://", "").Split('/')[0];
        return host is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? "docker.io" : host;
    }
}
