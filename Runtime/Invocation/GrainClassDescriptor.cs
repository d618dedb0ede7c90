using System.Reflection;
using OrleansSync.Runtime.Placement;

namespace OrleansSync.Runtime.Invocation;

/// <summary>A grain class: its interfaces, generated factory and the attributes read once at registration.</summary>
public sealed class GrainClassDescriptor
{
    internal GrainClassDescriptor(Type grainClass, IReadOnlyList<Type> interfaces, Func<IGrainActivationContext, Grain> factory)
    {
        GrainClass = grainClass;
        GrainTypeName = grainClass.FullName ?? grainClass.Name;
        Interfaces = interfaces;
        Factory = factory;
        IsReentrant = grainClass.GetCustomAttribute<ReentrantAttribute>() is not null;
        ReplicaPlacement = grainClass.GetCustomAttribute<ReplicaPlacementAttribute>();
    }

    public Type GrainClass { get; }

    /// <summary>The grain type in <see cref="GrainId"/>: the class's full name.</summary>
    public string GrainTypeName { get; }

    public IReadOnlyList<Type> Interfaces { get; }

    internal Func<IGrainActivationContext, Grain> Factory { get; }

    internal bool IsReentrant { get; }

    internal ReplicaPlacementAttribute? ReplicaPlacement { get; }
}
