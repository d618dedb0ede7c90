namespace OrleansSync.Runtime.Streams;

/// <summary>Marker naming the runtime's stream-delivery "interface" that every grain implicitly serves.</summary>
internal interface IStreamConsumer
{
}
