using System.CommandLine;

// The console client. Commands arrive with the silo host (issue 7).
var root = new RootCommand("OrleansSync console client: locks, queues and cache from the command line.");
return await root.Parse(args).InvokeAsync();
