using System.Linq.Expressions;

namespace WaveletStack.Targets;

/// <summary>Conditions and requirements as readable text (<c>() => Force</c> → <c>Force</c>).</summary>
internal static class Conditions
{
    public static string Text(LambdaExpression expression)
    {
        var text = expression.Body.ToString();
        // Member access on the build prints as value(Build).Force; the member name is what the reader wrote.
        return System.Text.RegularExpressions.Regex.Replace(text, @"value\([^)]*\)\.", "");
    }

    /// <summary>The member a requirement like <c>() => Stack</c> names, or null for a condition.</summary>
    public static string? MemberName(LambdaExpression expression)
    {
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : expression.Body;
        return body is MemberExpression member ? member.Member.Name : null;
    }
}
