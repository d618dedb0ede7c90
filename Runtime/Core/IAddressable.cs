namespace OrleansSync.Runtime;

/// <summary>Anything with a grain identity: grain references and grain instances.</summary>
public interface IAddressable
{
}
