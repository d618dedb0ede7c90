namespace OrleansSync.Grains.Tests.Cache;

internal static class TestExtensions
{
    /// <summary>Runs <paramref name="action"/> on <paramref name="value"/> and returns it (for one-expression setups).</summary>
    public static T Let<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
