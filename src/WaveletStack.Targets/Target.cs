using System.Linq.Expressions;

namespace WaveletStack.Targets;

/// <summary>
/// NUKE's shape: a target is a property returning a function that configures its definition,
/// <c>Target Compile => _ => _.Description("…").Executes(() => …);</c>
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition _);

/// <summary>What a target declares: its relations to other targets, its conditions and its actions.</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    /// <summary>These targets run first, and are planned whenever this one is.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>When both are planned, this one runs after these (ordering only).</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>When both are planned, this one runs before these (ordering only).</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>These targets are planned after this one whenever this one is.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>This target is planned after any of these whenever they are.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Evaluated before anything runs; when false this target (and dependencies only it needs) are skipped.</summary>
    ITargetDefinition OnlyWhenStatic(params Expression<Func<bool>>[] conditions);

    /// <summary>Evaluated just before this target runs; when false it is skipped.</summary>
    ITargetDefinition OnlyWhenDynamic(params Expression<Func<bool>>[] conditions);

    /// <summary>
    /// Checked before anything runs: a parameter (<c>() => Stack</c>) must have a value, or a
    /// condition (<c>() => Nodes > 0</c>) must hold.
    /// </summary>
    ITargetDefinition Requires<T>(params Expression<Func<T>>[] requirements);

    /// <summary>Words after this target on the command line (and after <c>--</c>) go to <see cref="NukeBuild.Arguments"/>.</summary>
    ITargetDefinition TakesArguments(string usage);

    /// <summary>Hidden from <c>--help</c> (helpers other targets depend on).</summary>
    ITargetDefinition Unlisted();

    ITargetDefinition Executes(Action action);
    ITargetDefinition Executes(Func<Task> action);
}
