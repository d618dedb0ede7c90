namespace OrleansSync.Runtime;

/// <summary>Creates references to grains; a reference is cheap and the grain need not exist yet.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey;
}
