using System.Collections.Frozen;

namespace OrleansSync.Runtime.Invocation;

/// <summary>What the runtime knows about a grain interface: its methods, proxy factory and invoker.</summary>
public sealed class GrainInterfaceDescriptor
{
    private readonly FrozenDictionary<uint, GrainMethodDescriptor> _methods;

    public GrainInterfaceDescriptor(
        Type interfaceType,
        IReadOnlyList<GrainMethodDescriptor> methods,
        Func<GrainReferenceShared, string, GrainReference> proxyFactory,
        IGrainMethodInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        ArgumentNullException.ThrowIfNull(methods);
        InterfaceType = interfaceType;
        InterfaceName = interfaceType.FullName ?? interfaceType.Name;
        _methods = methods.ToFrozenDictionary(m => m.MethodId);
        ProxyFactory = proxyFactory;
        Invoker = invoker;
    }

    public Type InterfaceType { get; }

    /// <summary>The interface's full name: how requests name it on the wire.</summary>
    public string InterfaceName { get; }

    internal Func<GrainReferenceShared, string, GrainReference> ProxyFactory { get; }

    internal IGrainMethodInvoker Invoker { get; }

    internal GrainMethodDescriptor? FindMethod(uint methodId) => _methods.GetValueOrDefault(methodId);

    internal string MethodName(uint methodId) => FindMethod(methodId)?.Name ?? $"#{methodId}";
}
