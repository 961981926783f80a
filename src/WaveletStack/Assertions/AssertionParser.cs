using System.Globalization;

namespace WaveletStack.Assertions;

/// <summary>
/// Parses Assert's small language (<see cref="AssertionWords.Grammar"/>) by recursive descent over
/// words, numbers and operators; keywords in any case. Bad input throws an
/// <see cref="AssertionSyntaxException"/> at the column of the first token that does not fit.
/// </summary>
public sealed class AssertionParser
{
    readonly string expression;
    readonly List<Token> tokens;
    int next;

    AssertionParser(string expression)
    {
        this.expression = expression;
        tokens = Tokenize(expression);
    }

    public static Assertion Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            throw new AssertionSyntaxException(expression ?? "", 1, "the expression is empty; give one, for example --that \"height >= 50 on all\".");
        return new AssertionParser(expression).ParseAssertion();
    }

    enum TokenKind { Word, Number, Operator, Range, End }

    sealed record Token(TokenKind Kind, string Text, int Column)
    {
        public string Shown => Kind == TokenKind.End ? "the end of the expression" : $"'{Text}'";
    }

    Assertion ParseAssertion()
    {
        var conditions = new List<Condition> { ParseCondition() };
        while (Peek.Kind != TokenKind.End)
        {
            ExpectWord("and", "'and' between two clauses");
            conditions.Add(ParseCondition());
        }
        return new Assertion(conditions);
    }

    Condition ParseCondition()
    {
        var first = Take();
        var word = first.Kind == TokenKind.Word ? first.Text.ToLowerInvariant() : "";
        if (AssertionWords.NodeMetrics.TryGetValue(word, out var nodeMetric))
        {
            var (comparison, value) = ParseComparisonAndNumber();
            var nodes = NodeSelection.All;
            if (IsWord(Peek, "on"))
            {
                Take();
                nodes = ParseNodes();
            }
            return new NodeMetricCondition(nodeMetric, comparison, value, nodes);
        }
        if (AssertionWords.BenchmarkMetrics.TryGetValue(word, out var benchmarkMetric))
        {
            var (comparison, value) = ParseComparisonAndNumber();
            if (IsWord(Peek, "on"))
                throw Error(Peek, $"{word} is the benchmark's figure for the whole stack, not a node's: leave out 'on …'.");
            return new BenchmarkMetricCondition(benchmarkMetric, comparison, value);
        }
        switch (word)
        {
            case "node":
                var node = TakeNodeNumber();
                ExpectWord("is", "'is' (node N is up|down)");
                var state = Take();
                if (IsWord(state, "up")) return new NodeStateCondition(node, true);
                if (IsWord(state, "down")) return new NodeStateCondition(node, false);
                throw Error(state, $"expected 'up' or 'down', found {state.Shown}.");
            case "api":
                ExpectWord("serving", "'serving' (api serving)");
                return new ApiServingCondition();
            case "healthy":
                return new HealthyCondition();
            default:
                throw Error(first, $"expected a clause (height, peers, accepted_tps, query_latency_ms, node, api, healthy), found {first.Shown}.");
        }
    }

    (Comparison, double) ParseComparisonAndNumber()
    {
        var op = Take();
        if (op.Kind != TokenKind.Operator)
            throw Error(op, $"expected a comparison ({string.Join(" ", AssertionWords.Comparisons.Where(c => c.Symbol != "=").Select(c => c.Symbol))}), found {op.Shown}.");
        var comparison = AssertionWords.Comparisons.First(c => c.Symbol == op.Text).Comparison;
        var number = Take();
        if (number.Kind != TokenKind.Number)
            throw Error(number, $"expected a number after '{op.Text}', found {number.Shown}.");
        return (comparison, double.Parse(number.Text, CultureInfo.InvariantCulture));
    }

    NodeSelection ParseNodes()
    {
        if (IsWord(Peek, "all")) { Take(); return NodeSelection.All; }
        if (IsWord(Peek, "any")) { Take(); return NodeSelection.Any; }
        var fromToken = Peek;
        var from = TakeNodeNumber("'all', 'any', a node number N or a range N..M");
        if (Peek.Kind != TokenKind.Range) return new NodeSelection(NodeSelection.Kind.Range, from, from);
        Take();
        var to = TakeNodeNumber("the last node of the range N..M");
        if (to < from) throw Error(fromToken, $"the range {from}..{to} is empty; write the lower node first ({to}..{from}).");
        return new NodeSelection(NodeSelection.Kind.Range, from, to);
    }

    int TakeNodeNumber(string expected = "a node number (1 or more)")
    {
        var token = Take();
        if (token.Kind == TokenKind.Number && int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var node) && node >= 1)
            return node;
        throw Error(token, $"expected {expected}, found {token.Shown}; nodes are numbered from 1.");
    }

    void ExpectWord(string word, string expected)
    {
        var token = Take();
        if (!IsWord(token, word)) throw Error(token, $"expected {expected}, found {token.Shown}.");
    }

    static bool IsWord(Token token, string word) =>
        token.Kind == TokenKind.Word && string.Equals(token.Text, word, StringComparison.OrdinalIgnoreCase);

    Token Peek => tokens[next];
    Token Take() => tokens[next < tokens.Count - 1 ? next++ : next];

    AssertionSyntaxException Error(Token at, string problem) => new(expression, at.Column, problem);

    List<Token> Tokenize(string text)
    {
        var result = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                result.Add(new Token(TokenKind.Word, text[start..i], start + 1));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                // A decimal point only when a digit follows: "1..5" is a range, not "1." and ".5".
                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                    for (i++; i < text.Length && char.IsAsciiDigit(text[i]); i++) { }
                result.Add(new Token(TokenKind.Number, text[start..i], start + 1));
            }
            else if (text.AsSpan(i).StartsWith(".."))
            {
                i += 2;
                result.Add(new Token(TokenKind.Range, "..", start + 1));
            }
            else if (AssertionWords.Comparisons.FirstOrDefault(o => text.AsSpan(i).StartsWith(o.Symbol)) is { Symbol: not null } op)
            {
                i += op.Symbol.Length;
                result.Add(new Token(TokenKind.Operator, op.Symbol, start + 1));
            }
            else
                throw new AssertionSyntaxException(text, start + 1, $"'{c}' is not part of the language.");
        }
        result.Add(new Token(TokenKind.End, "", text.Length + 1));
        return result;
    }
}
