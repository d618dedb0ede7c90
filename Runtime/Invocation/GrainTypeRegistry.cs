using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace OrleansSync.Runtime.Invocation;

/// <summary>
/// Process-wide table of grain interfaces and grain classes. Generated module initializers fill
/// it when their assembly loads; lookups that miss run the module initializers of the loaded
/// assemblies that reference the runtime once, then try again.
/// </summary>
public static class GrainTypeRegistry
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> InterfacesByType = new();
    private static readonly ConcurrentDictionary<string, GrainInterfaceDescriptor> InterfacesByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, List<GrainClassDescriptor>> ClassesByInterfaceName = new(StringComparer.Ordinal);
    private static readonly Lock ClassesLock = new();

    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void RegisterInterface(GrainInterfaceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        InterfacesByType[descriptor.InterfaceType] = descriptor;
        InterfacesByName[descriptor.InterfaceName] = descriptor;
    }

    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void RegisterGrainClass(Type grainClass, Type[] interfaces, Func<IGrainActivationContext, Grain> factory)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        ArgumentNullException.ThrowIfNull(interfaces);
        var descriptor = new GrainClassDescriptor(grainClass, interfaces, factory);
        lock (ClassesLock)
        {
            foreach (var grainInterface in interfaces)
            {
                var name = grainInterface.FullName ?? grainInterface.Name;
                var list = ClassesByInterfaceName.GetOrAdd(name, _ => []);
                list.RemoveAll(d => d.GrainClass == grainClass);
                list.Add(descriptor);
            }
        }
    }

    /// <summary>Makes sure an assembly's generated registrations have run.</summary>
    public static void EnsureRegistered(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }

    internal static GrainInterfaceDescriptor GetInterface(Type interfaceType)
    {
        if (InterfacesByType.TryGetValue(interfaceType, out var descriptor))
        {
            return descriptor;
        }

        EnsureRegistered(interfaceType.Assembly);
        return InterfacesByType.TryGetValue(interfaceType, out descriptor)
            ? descriptor
            : throw new InvalidOperationException(
                $"No generated proxy for {interfaceType.FullName}: it must derive from IGrainWithStringKey and its assembly must reference the OrleansSync.Runtime.Generators analyzer.");
    }

    internal static GrainInterfaceDescriptor? FindInterface(string interfaceName)
    {
        if (!InterfacesByName.TryGetValue(interfaceName, out var descriptor))
        {
            EnsureAllLoadedRegistered();
            InterfacesByName.TryGetValue(interfaceName, out descriptor);
        }

        return descriptor;
    }

    /// <summary>The single grain class implementing an interface, or null with a reason.</summary>
    internal static GrainClassDescriptor? FindClass(string interfaceName, out string? error)
    {
        if (!ClassesByInterfaceName.ContainsKey(interfaceName))
        {
            EnsureAllLoadedRegistered();
        }

        lock (ClassesLock)
        {
            var list = ClassesByInterfaceName.GetValueOrDefault(interfaceName);
            error = list switch
            {
                null or [] => $"No grain class implements {interfaceName} on this silo.",
                [_] => null,
                _ => $"More than one grain class implements {interfaceName}: {string.Join(", ", list.Select(d => d.GrainTypeName))}.",
            };
            return error is null ? list![0] : null;
        }
    }

    /// <summary>The grain class with the given grain type name (its full name), or null.</summary>
    internal static GrainClassDescriptor? FindClassByGrainType(string grainType)
    {
        lock (ClassesLock)
        {
            return ClassesByInterfaceName.Values.SelectMany(list => list).FirstOrDefault(d => d.GrainTypeName == grainType);
        }
    }

    private static void EnsureAllLoadedRegistered()
    {
        var runtimeName = typeof(GrainTypeRegistry).Assembly.GetName().Name;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && assembly.GetReferencedAssemblies().Any(a => a.Name == runtimeName))
            {
                EnsureRegistered(assembly);
            }
        }
    }
}
