namespace OrleansSync.Runtime.Client;

/// <summary>A connection to a cluster from outside it: a grain factory whose calls go through gateway silos.</summary>
public interface IClusterClient : IGrainFactory
{
}
