namespace OrleansSync.Runtime.Storage;

/// <summary>Lets the activation read every injected state before <c>OnActivateAsync</c>.</summary>
internal interface IPersistentStateLoader
{
    Task LoadAsync(CancellationToken cancellationToken);
}
