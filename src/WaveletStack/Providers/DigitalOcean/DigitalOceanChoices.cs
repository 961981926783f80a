using System.Globalization;
using WaveletStack.Output;
using WaveletStack.Swarm;

namespace WaveletStack.Providers.DigitalOcean;

/// <summary>
/// Resolves --size and --region against what the account may use: a known slug is taken, `ask`
/// lists the choices (with prices) and prompts at a terminal, anything else lists the valid ones.
/// </summary>
public static class DigitalOceanChoices
{
    public const string DefaultSize = "s-1vcpu-2gb";
    public const string DefaultRegion = "nyc3";
    const string Ask = "ask";

    public static DoRegion Region(string? wanted, IReadOnlyList<DoRegion> regions, Func<string, string?>? prompt)
    {
        var available = regions.Where(r => r.Available).OrderBy(r => r.Slug, StringComparer.Ordinal).ToList();
        var slug = string.IsNullOrWhiteSpace(wanted) ? DefaultRegion : wanted.Trim();
        if (slug == Ask)
            slug = Choose("region", available.Select(r => (r.Slug, $"{r.Slug}  {r.Name}")).ToList(), prompt);
        return available.FirstOrDefault(r => r.Slug == slug) ?? throw new UserErrorException(
            $"--region {slug} is not a DigitalOcean region this account can use; use one of: {string.Join(", ", available.Select(r => r.Slug))} (or --region ask).");
    }

    public static DoSize Size(string? wanted, IReadOnlyList<DoSize> sizes, DoRegion region, Func<string, string?>? prompt)
    {
        var available = sizes.Where(s => s.Available && (s.Regions is null || s.Regions.Contains(region.Slug)))
            .OrderBy(s => s.PriceMonthly).ThenBy(s => s.Slug, StringComparer.Ordinal).ToList();
        var slug = string.IsNullOrWhiteSpace(wanted) ? DefaultSize : wanted.Trim();
        if (slug == Ask)
            slug = Choose("size", available.Select(s => (s.Slug, $"{s.Slug,-16} {s.Vcpus} vCPU  {s.Memory / 1024.0:0.#} GB  {Money(s.PriceHourly)}/hour  {Money(s.PriceMonthly)}/month")).ToList(), prompt);
        return available.FirstOrDefault(s => s.Slug == slug) ?? throw new UserErrorException(
            $"--size {slug} is not a droplet size available in {region.Slug}; use one of: {string.Join(", ", available.Select(s => s.Slug))} (or --size ask).");
    }

    /// <summary>Prints the droplets to be made and what they cost, before anything is made.</summary>
    public static void PrintPlan(IReadOnlyList<string> names, DoSize size, DoRegion region)
    {
        var table = new Table("HOST", "SIZE", "REGION", "PER HOUR", "PER MONTH");
        foreach (var name in names) table.Add(name, size.Slug, region.Slug, Money(size.PriceHourly), Money(size.PriceMonthly));
        Ui.Info(table.ToString());
        Ui.Info($"Cost of the {names.Count} new droplet(s): {Money(size.PriceHourly * names.Count)} per hour, {Money(size.PriceMonthly * names.Count)} per month (billed by DigitalOcean until destroyed).");
    }

    static string Choose(string what, IReadOnlyList<(string Slug, string Line)> choices, Func<string, string?>? prompt)
    {
        if (prompt is null)
            throw new UserErrorException($"--{what} ask needs a terminal to answer at; pass --{what} <slug> with one of: {string.Join(", ", choices.Select(c => c.Slug))}.");
        Ui.Info($"Please select one of the following for the {what}:");
        for (var i = 0; i < choices.Count; i++) Ui.Info($"{i + 1,3}) {choices[i].Line}");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var answer = prompt("#? ")?.Trim();
            if (answer is null) break;
            if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= choices.Count) return choices[n - 1].Slug;
            if (choices.Any(c => c.Slug == answer)) return answer;
            Ui.Info($"Answer with a number from 1 to {choices.Count} or a slug.");
        }
        throw new UserErrorException($"No {what} was chosen; pass --{what} <slug>.");
    }

    static string Money(decimal amount) => "$" + amount.ToString(amount < 1 ? "0.00###" : "0.00", CultureInfo.InvariantCulture);
}
