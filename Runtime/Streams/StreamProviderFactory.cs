using OrleansSync.Runtime.Activation;

namespace OrleansSync.Runtime.Streams;

/// <summary>
/// Creates the view of one named provider for a caller: a grain activation (which can subscribe)
/// or a client (<paramref name="subscriber"/> null; it can only publish).
/// </summary>
internal delegate IStreamProvider StreamProviderFactory(string name, IGrainFactory grainFactory, GrainActivation? subscriber);
