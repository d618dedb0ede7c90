using System.Globalization;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Parses the <c>--name value</c> pairs of a benchmark's command line into its options record:
/// each benchmark supplies only how one pair changes its options.
/// </summary>
internal static class BenchmarkArguments
{
    /// <summary>Applies every pair in order; <paramref name="apply"/> throws <see cref="FormatException"/> for an unknown name or a bad value.</summary>
    public static bool TryParse<TOptions>(string[] args, TOptions defaults, Func<TOptions, string, string, TOptions> apply, out TOptions options, out string error)
    {
        options = defaults;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                error = $"{args[i]} needs a value";
                return false;
            }

            try
            {
                options = apply(options, args[i], args[i + 1]);
            }
            catch (FormatException exception)
            {
                error = $"{args[i]}: {exception.Message}";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    public static int Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1 ? parsed : throw new FormatException($"'{value}' is not a positive integer");

    public static FormatException Unknown(string name) => new($"unknown argument '{name}'");
}
