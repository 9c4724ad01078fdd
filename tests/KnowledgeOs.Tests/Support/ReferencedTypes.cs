using System.Reflection;
using System.Reflection.Emit;

namespace KnowledgeOs.Tests.Support;

/// <summary>
/// The types a compiled type names: its base, interfaces, fields, signatures, locals and every type, method or field
/// token in its methods' IL (so a <c>new X()</c> or a call to <c>X.M()</c> in a body counts), nested types included.
/// </summary>
public static class ReferencedTypes
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>
    /// Every type reachable from <paramref name="roots"/> through types of <paramref name="within"/>, each paired with
    /// the type of <paramref name="within"/> that names it (the path's last step), roots and their nested types included.
    /// </summary>
    public static IReadOnlyList<(Type From, Type Named)> Closure(Assembly within, params Type[] roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        var found = new List<(Type, Type)>();
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            foreach (var named in Of(type).Distinct())
            {
                found.Add((type, named));
                if (named.Assembly == within && !seen.Contains(named)) pending.Enqueue(named);
            }
            foreach (var nested in type.GetNestedTypes(Declared)) pending.Enqueue(nested);
        }
        return found;
    }

    /// <summary>The types <paramref name="type"/> itself names (not its nested types), generic arguments unwrapped.</summary>
    public static IEnumerable<Type> Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(Declared).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(Declared).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) direct.Add(info.ReturnType);
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method.GetMethodBody() is not { } body) continue;
            direct.AddRange(body.LocalVariables.Select(l => l.LocalType));
            direct.AddRange(InBody(type, method, body.GetILAsByteArray() ?? []));
        }
        return direct.OfType<Type>().SelectMany(Unwrap);
    }

    private static IEnumerable<Type> InBody(Type type, MethodBase method, byte[] il)
    {
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            var code = OpCodesByValue[value];
            at += code.Size;
            var token = code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok
                ? BitConverter.ToInt32(il, at)
                : 0;
            at += OperandSize(code.OperandType, il, at);
            if (token == 0) continue;
            var member = type.Module.ResolveMember(token, typeArguments, methodArguments);
            switch (member)
            {
                case Type named:
                    yield return named;
                    break;
                case MethodBase called:
                    if (called.DeclaringType is { } declaring) yield return declaring;
                    if (called is MethodInfo info) yield return info.ReturnType;
                    foreach (var parameter in called.GetParameters()) yield return parameter.ParameterType;
                    if (called.IsGenericMethod) foreach (var argument in called.GetGenericArguments()) yield return argument;
                    break;
                case FieldInfo field:
                    if (field.DeclaringType is { } owner) yield return owner;
                    yield return field.FieldType;
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var element in Unwrap(type.GetElementType()!)) yield return element;
            yield break;
        }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (!type.IsGenericType) yield break;
        foreach (var argument in type.GetGenericArguments().SelectMany(Unwrap)) yield return argument;
    }
}
