using System.Linq.Expressions;

namespace WaveletStack.Targets;

/// <summary>The declarations of one target as its property's function recorded them.</summary>
internal sealed class TargetDefinition(string name, int order) : ITargetDefinition
{
    public string Name { get; } = name;
    public int Order { get; } = order;
    public string? DescriptionText { get; private set; }
    public string? ArgumentsUsage { get; private set; }
    public bool IsListed { get; private set; } = true;
    public List<Target> Dependencies { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> TriggeredTargets { get; } = [];
    public List<Target> TriggeringTargets { get; } = [];
    public List<Expression<Func<bool>>> StaticConditions { get; } = [];
    public List<Expression<Func<bool>>> DynamicConditions { get; } = [];
    public List<LambdaExpression> Requirements { get; } = [];
    public List<Func<Task>> Actions { get; } = [];

    public ITargetDefinition Description(string description) { DescriptionText = description; return this; }
    public ITargetDefinition DependsOn(params Target[] targets) { Dependencies.AddRange(targets); return this; }
    public ITargetDefinition After(params Target[] targets) { AfterTargets.AddRange(targets); return this; }
    public ITargetDefinition Before(params Target[] targets) { BeforeTargets.AddRange(targets); return this; }
    public ITargetDefinition Triggers(params Target[] targets) { TriggeredTargets.AddRange(targets); return this; }
    public ITargetDefinition TriggeredBy(params Target[] targets) { TriggeringTargets.AddRange(targets); return this; }
    public ITargetDefinition OnlyWhenStatic(params Expression<Func<bool>>[] conditions) { StaticConditions.AddRange(conditions); return this; }
    public ITargetDefinition OnlyWhenDynamic(params Expression<Func<bool>>[] conditions) { DynamicConditions.AddRange(conditions); return this; }
    public ITargetDefinition Requires<T>(params Expression<Func<T>>[] requirements) { Requirements.AddRange(requirements); return this; }
    public ITargetDefinition TakesArguments(string usage) { ArgumentsUsage = usage; return this; }
    public ITargetDefinition Unlisted() { IsListed = false; return this; }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(() => { action(); return Task.CompletedTask; });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action) { Actions.Add(action); return this; }

    public override string ToString() => Name;
}
