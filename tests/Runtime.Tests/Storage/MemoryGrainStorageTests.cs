using OrleansSync.Runtime.Storage;

namespace OrleansSync.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageContractTests
{
    protected override IGrainStorage CreateStorage() => new MemoryGrainStorage();
}
