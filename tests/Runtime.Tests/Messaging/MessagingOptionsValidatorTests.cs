using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Tests.Messaging;

public sealed class MessagingOptionsValidatorTests
{
    [Fact]
    public void Validate_TestOptions_Succeed()
    {
        Assert.True(new MessagingOptionsValidator().Validate(null, TransportFixture.Options()).Succeeded);
    }

    [Fact]
    public void Validate_DefaultOptions_FailOnMissingSecretOnly()
    {
        var result = new MessagingOptionsValidator().Validate(null, new MessagingOptions());

        Assert.True(result.Failed);
        Assert.Single(result.Failures!);
        Assert.Contains("SharedSecret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(MessagingOptions.MaxFrameBytes), 0)]
    [InlineData(nameof(MessagingOptions.RequestTimeoutMs), -1)]
    [InlineData(nameof(MessagingOptions.MaxPendingRequests), 0)]
    [InlineData(nameof(MessagingOptions.ConnectAttempts), 0)]
    [InlineData(nameof(MessagingOptions.ReconnectMaxDelayMs), 1)]
    public void Validate_OutOfRange_NamesTheSetting(string property, int value)
    {
        var options = TransportFixture.Options();
        typeof(MessagingOptions).GetProperty(property)!.SetValue(options, value);

        var result = new MessagingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(property, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Transport_InvalidOptions_ThrowsOnConstruction()
    {
        var options = TransportFixture.Options();
        options.ClusterId = string.Empty;

        Assert.Throws<OptionsValidationException>(() => new MessageTransport(
            options, TestInboundHandler.Echo(), TimeProvider.System, new CapturingLoggerProvider(), new Random(1)));
    }
}
