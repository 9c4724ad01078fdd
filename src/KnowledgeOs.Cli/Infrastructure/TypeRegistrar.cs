using Spectre.Console.Cli;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// The smallest container Spectre.Console.Cli needs: registered instances and types, and constructor
/// injection for the command classes. Enough for a CLI; no container package for this.
/// </summary>
public sealed class TypeRegistrar : ITypeRegistrar, ITypeResolver
{
    private readonly Dictionary<Type, Func<object>> _factories = [];

    /// <inheritdoc/>
    public ITypeResolver Build() => this;

    /// <inheritdoc/>
    public void Register(Type service, Type implementation) => _factories[service] = () => Create(implementation);

    /// <inheritdoc/>
    public void RegisterInstance(Type service, object implementation) => _factories[service] = () => implementation;

    /// <inheritdoc/>
    public void RegisterLazy(Type service, Func<object> factory)
    {
        var lazy = new Lazy<object>(factory);
        _factories[service] = () => lazy.Value;
    }

    /// <inheritdoc/>
    public object? Resolve(Type? type)
    {
        if (type is null) return null;
        if (_factories.TryGetValue(type, out var factory)) return factory();
        return type.IsAbstract || type.IsInterface ? null : Create(type);
    }

    private object Create(Type type)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var args = ctor.GetParameters().Select(p => Resolve(p.ParameterType)
            ?? throw new InvalidOperationException($"Cannot resolve {p.ParameterType.Name} for {type.Name}.")).ToArray();
        return ctor.Invoke(args);
    }
}
