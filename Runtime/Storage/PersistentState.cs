using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Storage;

/// <summary>The <see cref="IPersistentState{TState}"/> given to grains: our serializer over an <see cref="IGrainStorage"/>.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLoader
    where TState : new()
{
    private readonly IGrainStorage _storage;
    private readonly string _stateName;
    private readonly GrainId _grainId;

    public PersistentState(IGrainStorage storage, string stateName, GrainId grainId)
    {
        _storage = storage;
        _stateName = stateName;
        _grainId = grainId;
        State = new TState();
    }

    public TState State { get; set; }

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadAsync(_stateName, _grainId, cancellationToken).ConfigureAwait(false);
        State = record is null ? new TState() : GrainSerializer.Deserialize<TState>(record.Data);
        Etag = record?.ETag;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var bytes = GrainSerializer.Serialize(State);
        Etag = await _storage.WriteAsync(_stateName, _grainId, bytes, Etag, cancellationToken).ConfigureAwait(false);
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ClearAsync(_stateName, _grainId, Etag, cancellationToken).ConfigureAwait(false);
        Etag = null;
        State = new TState();
    }

    Task IPersistentStateLoader.LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);
}
