namespace OrleansSync.Runtime;

/// <summary>
/// A grain interface whose grains are identified by a string key. The source generator emits a
/// proxy and an invoker for every interface deriving from this one.
/// </summary>
public interface IGrainWithStringKey : IGrain
{
}
