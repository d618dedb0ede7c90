namespace OrleansSync.Runtime.Streams;

/// <summary>Hands out streams; get one with <c>this.GetStreamProvider(name)</c> in a grain or <c>client.GetStreamProvider(name)</c>.</summary>
public interface IStreamProvider
{
    /// <summary>The provider's name (streams of different providers are distinct).</summary>
    string Name { get; }

    IAsyncStream<T> GetStream<T>(StreamId streamId);

    IAsyncStream<T> GetStream<T>(string streamNamespace, string key);
}
