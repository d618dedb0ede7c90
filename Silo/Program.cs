// The silo host. Until the grain runtime and the lock manager land (issues 4, 6, 7) it serves only
// its health endpoint; README's feature table says so.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health");
await app.RunAsync();
