using Microsoft.CodeAnalysis;

namespace OrleansSync.Runtime.Generators;

/// <summary>Errors the generator reports instead of emitting code that would fail at run time.</summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "OrleansSync.Generator";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        "OSG001",
        "Grain method must return Task, Task<T>, ValueTask or ValueTask<T>",
        "Grain interface method '{0}' returns '{1}': grain methods must return Task, Task<T>, ValueTask or ValueTask<T>",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        "OSG002",
        "Unsupported grain interface member",
        "Grain interface member '{0}' is not supported: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedSerializableType = new(
        "OSG003",
        "Type cannot get a generated serializer",
        "[GenerateSerializer] type '{0}' is not supported: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedGrainClass = new(
        "OSG004",
        "Grain class cannot get a generated factory",
        "Grain class '{0}' is not supported: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
