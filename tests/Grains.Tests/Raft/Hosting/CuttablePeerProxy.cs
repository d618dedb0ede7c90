using System.Reflection;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>
/// A grain reference wrapper that fails every call while its factory is cut. A dispatch proxy, so
/// it follows the grain interface as methods are added to it.
/// </summary>
internal class CuttablePeerProxy : DispatchProxy
{
    private static readonly MethodInfo FailTyped = typeof(CuttablePeerProxy).GetMethod(nameof(Fail), BindingFlags.NonPublic | BindingFlags.Static)!;

    private CuttablePeerResolver? _factory;
    private object? _target;

    public static TGrainInterface Wrap<TGrainInterface>(CuttablePeerResolver factory, TGrainInterface target)
        where TGrainInterface : class
    {
        var proxy = Create<TGrainInterface, CuttablePeerProxy>();
        var cuttable = (CuttablePeerProxy)(object)proxy;
        cuttable._factory = factory;
        cuttable._target = target;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (!_factory!.IsCut)
        {
            return targetMethod.Invoke(_target, args);
        }

        var cut = new SiloUnavailableException("The test cut this client off.");
        return targetMethod.ReturnType.IsGenericType
            ? FailTyped.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [cut])
            : Task.FromException(cut);
    }

    private static Task<T> Fail<T>(Exception exception) => Task.FromException<T>(exception);
}
