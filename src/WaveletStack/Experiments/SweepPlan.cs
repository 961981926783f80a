using WaveletStack.Configuration;

namespace WaveletStack.Experiments;

/// <summary>One combination of a sweep: the value of every varied key, in the order the keys were given.</summary>
public sealed record SweepCombination(IReadOnlyList<KeyValuePair<string, string>> Values)
{
    /// <summary>`WAVELET_SNOWBALL_K=1 WAVELET_SNOWBALL_BETA=25`: the table's and the chart's label.</summary>
    public string Label => string.Join(" ", Values.Select(v => $"{Short(v.Key)}={v.Value}"));

    /// <summary>K, β, N: the names users say, so labels fit under a bar.</summary>
    static string Short(string key) => key switch
    {
        "WAVELET_SNOWBALL_K" => "K",
        "WAVELET_SNOWBALL_BETA" => "β",
        "WAVELET_NODES" => "N",
        _ => key.Replace("WAVELET_", ""),
    };
}

/// <summary>
/// `Sweep --vary KEY=v1,v2,… [--vary KEY2=…] --duration S --repeat R`: which keys, which values,
/// and their cartesian product in the order given (the last key varies fastest, so consecutive
/// combinations differ in one key and a redeploy changes as little as possible). Every bad input
/// is refused here, naming the parameter, the value and what is allowed, before the stack is touched.
/// </summary>
/// <param name="Fresh">Each combination starts on new, empty databases (the stack is stopped and its volumes removed first).</param>
public sealed record SweepPlan(IReadOnlyList<(string Key, IReadOnlyList<string> Values)> Keys, int DurationSeconds, int Repeat,
    int WarmupSeconds, int BenchmarkInstances, bool Fresh = false)
{
    /// <summary>
    /// Keys a sweep may vary: consensus parameters and the network's size and memory. Others make
    /// no sense to sweep (ports, registry, keys, genesis, which a running network's data depends on).
    /// </summary>
    public static readonly ConfigKey[] SweepableKeys =
        [ConfigKeys.SnowballK, ConfigKeys.SnowballBeta, ConfigKeys.Nodes, ConfigKeys.MemoryMax];

    public const int MaxCombinations = 64, MaxRepeat = 20, MinDuration = 5, MaxDuration = 3600;

    /// <summary>Seconds of each benchmark left out of the figures: the network has just been changed and restarted.</summary>
    public const int DefaultWarmupSeconds = 5;

    public static SweepPlan Parse(IReadOnlyList<string> vary, int? duration, int? repeat, int? count, bool fresh = false, bool force = false)
    {
        if (fresh && !force)
            throw new UserErrorException("--fresh removes the stack's databases before every combination; add --force to allow that.");
        if (vary.Count == 0)
            throw new UserErrorException($"Sweep needs --vary KEY=v1,v2,… (repeat it for more keys); keys that can be swept: {Sweepable}.");
        var keys = new List<(string, IReadOnlyList<string>)>();
        foreach (var item in vary)
        {
            var equals = item.IndexOf('=');
            if (equals <= 0)
                throw new UserErrorException($"--vary '{item}' is not KEY=v1,v2,…; for example --vary WAVELET_SNOWBALL_K=1,2.");
            var key = item[..equals].Trim();
            if (ConfigKeys.Find(key) is null)
                throw new UserErrorException($"--vary '{item}': '{key}' is not a configuration key; keys that can be swept: {Sweepable}.");
            if (!SweepableKeys.Any(k => k.Name == key))
                throw new UserErrorException($"--vary '{item}': {key} cannot be swept; keys that can be swept: {Sweepable}.");
            if (keys.Any(k => k.Item1 == key))
                throw new UserErrorException($"--vary {key} is given twice; give every value of a key in one --vary ({key}=v1,v2,…).");
            var values = item[(equals + 1)..].Split(',').Select(v => v.Trim()).ToList();
            if (values.Any(v => v.Length == 0))
                throw new UserErrorException($"--vary '{item}' has an empty value; give values separated by commas ({key}=v1,v2,…).");
            if (values.Distinct().Count() != values.Count)
                throw new UserErrorException($"--vary '{item}' repeats a value; use --repeat R to measure a combination R times.");
            keys.Add((key, values));
        }
        var plan = new SweepPlan(keys, duration ?? 20, repeat ?? 1, DefaultWarmupSeconds, count ?? 1, fresh);
        if (plan.DurationSeconds is < MinDuration or > MaxDuration)
            throw new UserErrorException($"--duration {plan.DurationSeconds} is not valid for Sweep; give seconds from {MinDuration} to {MaxDuration} per combination.");
        if (plan.Repeat is < 1 or > MaxRepeat)
            throw new UserErrorException($"--repeat {plan.Repeat} is not valid; give 1 to {MaxRepeat} runs per combination.");
        if (plan.BenchmarkInstances < 1)
            throw new UserErrorException($"--count {plan.BenchmarkInstances} is not valid; give 1 or more benchmark instances.");
        if (plan.Combinations.Count > MaxCombinations)
            throw new UserErrorException($"--vary gives {plan.Combinations.Count} combinations; at most {MaxCombinations} are allowed (each one redeploys and benchmarks the stack).");
        return plan;
    }

    static string Sweepable => string.Join(", ", SweepableKeys.Select(k => k.Name));

    /// <summary>Every combination, the first key varying slowest.</summary>
    public IReadOnlyList<SweepCombination> Combinations =>
        Keys.Aggregate((IEnumerable<IEnumerable<KeyValuePair<string, string>>>)[[]],
                (combinations, key) => combinations.SelectMany(c => key.Values.Select(v => c.Append(new KeyValuePair<string, string>(key.Key, v)))))
            .Select(c => new SweepCombination(c.ToList())).ToList();
}
