using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Silo;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Hosting;

internal sealed class LocalSiloDetails(SiloHost silo, IOptions<SiloOptions> options) : ILocalSiloDetails
{
    public string Name => options.Value.SiloName;

    public SiloAddress? Address => silo.Address;

    public bool HasStopped => silo.HasStopped;

    public MembershipView CurrentView => silo.CurrentView;
}
