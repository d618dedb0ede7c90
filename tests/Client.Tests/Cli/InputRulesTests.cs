using OrleansSync.Client.Cli;
using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Client.Tests.Cli;

public sealed class InputRulesTests
{
    [Theory]
    [InlineData("shared", LockMode.Shared)]
    [InlineData("SHARED", LockMode.Shared)]
    [InlineData("read", LockMode.Shared)]
    [InlineData("exclusive", LockMode.Exclusive)]
    [InlineData("x", LockMode.Exclusive)]
    [InlineData("write", LockMode.Exclusive)]
    public void TryParseMode_KnowsBothModesAndTheirShortNames(string text, LockMode expected)
    {
        Assert.True(InputRules.TryParseMode(text, out var mode, out _));
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("upgrade")]
    [InlineData(null)]
    public void TryParseMode_RefusesOthers(string? text)
    {
        Assert.False(InputRules.TryParseMode(text, out _, out var error));
        Assert.Contains("shared or exclusive", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "must not be empty")]
    [InlineData("a\u0007b", "control characters")]
    [InlineData(null, "must not be empty")]
    public void CheckLockName_RefusesEmptyAndControlCharacters(string? name, string reason)
    {
        Assert.Contains(reason, InputRules.CheckLockName(name), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLockName_AcceptsUpToTheTablesLimit()
    {
        Assert.Null(InputRules.CheckLockName("orders/42"));
        Assert.Null(InputRules.CheckLockName(new string('n', InputRules.MaxLockNameLength)));
        Assert.Contains("at most 256", InputRules.CheckLockName(new string('n', InputRules.MaxLockNameLength + 1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("18446744073709551615", true)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("abc", false)]
    [InlineData("18446744073709551616", false)]
    public void TryParseLeaseId_TakesPositive64BitNumbers(string text, bool valid)
    {
        Assert.Equal(valid, InputRules.TryParseLeaseId(text, out _, out _));
    }

    [Theory]
    [InlineData("127.0.0.1:30000", true)]
    [InlineData("silo-1.example:30001", true)]
    [InlineData("[::1]:30000", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData(":30000", false)]
    [InlineData("host:0", false)]
    [InlineData("host:70000", false)]
    [InlineData("host:port", false)]
    public void CheckEndpoint_WantsHostAndPort(string endpoint, bool valid)
    {
        Assert.Equal(valid, InputRules.CheckEndpoint(endpoint) is null);
    }
}
