namespace WaveletStack.Agent.Settings;

/// <summary>Typed reads of the container's environment; a malformed value names its variable.</summary>
public sealed class Env(IReadOnlyDictionary<string, string> values)
{
    /// <summary>Where swarm mounts a service's secrets.</summary>
    public const string SecretsDirectory = "/run/secrets";

    /// <summary>
    /// The environment, with each secret file standing for the variable of its name in capitals
    /// (/run/secrets/wavelet_keys is WAVELET_KEYS): private keys reach the containers as secrets,
    /// which `docker service inspect` does not show, and are read as any other setting.
    /// </summary>
    public static Env FromProcess(string secretsDirectory = SecretsDirectory)
    {
        var values = new Dictionary<string, string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            values[(string)entry.Key] = (string?)entry.Value ?? "";
        if (Directory.Exists(secretsDirectory))
            foreach (var file in Directory.EnumerateFiles(secretsDirectory))
                values[Path.GetFileName(file).ToUpperInvariant()] = File.ReadAllText(file);
        return new Env(values);
    }

    /// <summary>The value, or null when the variable is unset or blank.</summary>
    public string? Text(string name) =>
        values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string Text(string name, string fallback) => Text(name) ?? fallback;

    public bool Flag(string name)
    {
        var value = Text(name);
        return value?.ToLowerInvariant() switch
        {
            null or "n" or "no" or "false" or "0" => false,
            "y" or "yes" or "true" or "1" => true,
            _ => throw new ConfigurationException(name, $"'{value}' is not a boolean; use yes/no, true/false or 1/0."),
        };
    }

    public int Number(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        var value = Text(name);
        if (value is null) return fallback;
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number < min || number > max)
            throw new ConfigurationException(name, $"'{value}' is not a whole number from {min} to {max}.");
        return number;
    }

    public int RequiredNumber(string name, int min = 1, int max = int.MaxValue) =>
        Text(name) is null
            ? throw new ConfigurationException(name, $"is not set; it must be a whole number from {min} to {max}.")
            : Number(name, 0, min, max);
}
