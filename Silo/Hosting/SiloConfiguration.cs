using Microsoft.Extensions.Options;

namespace OrleansSync.Silo.Hosting;

/// <summary>Reads and validates the host's configuration: appsettings.json, environment variables, command line (later wins).</summary>
internal static class SiloConfiguration
{
    /// <summary>The configuration and the validated options.</summary>
    /// <exception cref="OptionsValidationException">Invalid values; the message lists every failure.</exception>
    /// <exception cref="ArgumentException">A bad command line.</exception>
    /// <exception cref="InvalidOperationException">A value of the wrong type, or an unknown key in the OrleansSync section.</exception>
    public static (IConfigurationRoot Configuration, SiloHostOptions Options) Load(IReadOnlyList<string> args, string? baseDirectory = null)
    {
        var commandLine = CommandLineOptions.Parse(args);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(baseDirectory ?? AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(commandLine)
            .Build();
        var options = Bind(configuration);
        var result = new SiloHostOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(SiloHostOptions), typeof(SiloHostOptions), result.Failures);
        }

        return (configuration, options);
    }

    /// <summary>Binds the section; a value of the wrong type or an unknown key throws, naming the key.</summary>
    public static SiloHostOptions Bind(IConfiguration configuration)
    {
        var options = new SiloHostOptions();
        configuration.GetSection(SiloHostOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return options;
    }
}
