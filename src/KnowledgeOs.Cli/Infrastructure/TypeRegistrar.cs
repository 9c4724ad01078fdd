namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// The smallest container Spectre.Console.Cli needs: registered instances and types (several per service,
/// resolved as <c>IEnumerable&lt;T&gt;</c>), and constructor injection for the command classes.
/// </summary>
public sealed class TypeRegistrar : ITypeRegistrar, ITypeResolver
{
    private readonly Dictionary<Type, List<Func<object>>> _factories = [];

    /// <inheritdoc/>
    public ITypeResolver Build() => this;

    /// <inheritdoc/>
    public void Register(Type service, Type implementation) => Add(service, () => Create(implementation));

    /// <inheritdoc/>
    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);

    /// <inheritdoc/>
    public void RegisterLazy(Type service, Func<object> factory)
    {
        var lazy = new Lazy<object>(factory);
        Add(service, () => lazy.Value);
    }

    /// <inheritdoc/>
    public object? Resolve(Type? type)
    {
        if (type is null) return null;
        if (_factories.TryGetValue(type, out var factories)) return factories[^1]();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = type.GetGenericArguments()[0];
            var all = _factories.TryGetValue(element, out var many) ? many.Select(f => f()).ToArray() : [];
            var array = Array.CreateInstance(element, all.Length);
            Array.Copy(all, array, all.Length);
            return array;
        }
        return type.IsAbstract || type.IsInterface ? null : Create(type);
    }

    private void Add(Type service, Func<object> factory)
    {
        if (!_factories.TryGetValue(service, out var list)) _factories[service] = list = [];
        list.Add(factory);
    }

    private object Create(Type type)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var args = ctor.GetParameters().Select(p => Resolve(p.ParameterType)
            ?? throw new InvalidOperationException($"Cannot resolve {p.ParameterType.Name} for {type.Name}.")).ToArray();
        return ctor.Invoke(args);
    }
}
