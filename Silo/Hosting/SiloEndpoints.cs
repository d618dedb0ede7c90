namespace OrleansSync.Silo.Hosting;

/// <summary>Where one running silo can be reached.</summary>
/// <param name="Name">The silo's name.</param>
/// <param name="Silo">Silo-to-silo endpoint and generation.</param>
/// <param name="Gateway">Endpoint clients dial (host:port).</param>
/// <param name="Http">Base URL of the HTTP API.</param>
/// <param name="DataDirectory">Absolute directory of the Raft WALs.</param>
internal sealed record SiloEndpoints(string Name, string Silo, string Gateway, Uri Http, string DataDirectory);
