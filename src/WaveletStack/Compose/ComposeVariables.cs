using System.Text;

namespace WaveletStack.Compose;

/// <summary>
/// Compose-file variable substitution, as `docker stack deploy` does it: `${KEY}`, `$KEY`,
/// `${KEY-default}` (default when unset), `${KEY:-default}` (default when unset or empty),
/// `$$` for a literal `$`. A variable that is neither set nor defaulted becomes empty.
/// </summary>
public static class ComposeVariables
{
    public static string Substitute(string text, IReadOnlyDictionary<string, string> variables)
    {
        if (!text.Contains('$')) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length) { result.Append(text[i]); continue; }
            var next = text[i + 1];
            if (next == '$') { result.Append('$'); i++; continue; }
            if (next == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0) throw new UserErrorException($"The compose template has an unclosed '${{' in \"{text}\"; close it with '}}'.");
                result.Append(Braced(text[(i + 2)..close], variables));
                i = close;
                continue;
            }
            var end = i + 1;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
            if (end == i + 1) { result.Append('$'); continue; }
            result.Append(variables.GetValueOrDefault(text[(i + 1)..end]) ?? "");
            i = end - 1;
        }
        return result.ToString();
    }

    /// <summary>Escapes a value for a compose file that `docker stack deploy` will substitute again.</summary>
    public static string Escape(string value) => value.Replace("$", "$$");

    static string Braced(string expression, IReadOnlyDictionary<string, string> variables)
    {
        var colonDash = expression.IndexOf(":-", StringComparison.Ordinal);
        var dash = expression.IndexOf('-');
        if (colonDash >= 0 && colonDash < dash + 1)
        {
            var value = variables.GetValueOrDefault(expression[..colonDash]);
            return string.IsNullOrEmpty(value) ? expression[(colonDash + 2)..] : value;
        }
        if (dash >= 0)
            return variables.TryGetValue(expression[..dash], out var value) ? value : expression[(dash + 1)..];
        return variables.GetValueOrDefault(expression) ?? "";
    }
}
