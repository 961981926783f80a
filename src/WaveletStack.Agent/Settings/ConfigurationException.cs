namespace WaveletStack.Agent.Settings;

/// <summary>A setting the agent cannot work with: the message names the variable, the value's fault and what is allowed.</summary>
public sealed class ConfigurationException(string variable, string problem)
    : Exception($"{variable}: {problem}")
{
    public string Variable { get; } = variable;
}
