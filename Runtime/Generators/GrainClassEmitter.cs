using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace OrleansSync.Runtime.Generators;

/// <summary>
/// Emits the registration of a grain class with a factory that calls its constructor directly:
/// <c>[PersistentState]</c> parameters get persistent state, every other parameter a service.
/// </summary>
internal static class GrainClassEmitter
{
    public static bool TryEmitRegistration(StringBuilder code, INamedTypeSymbol grainClass, List<Diagnostic> diagnostics)
    {
        var constructor = grainClass.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null || !SymbolNames.IsAccessibleFromAssembly(grainClass) || grainClass.IsGenericType)
        {
            Report(diagnostics, grainClass, "it needs a public or internal constructor, must not be generic and must be visible in its assembly");
            return false;
        }

        var arguments = new List<string>();
        foreach (var parameter in constructor.Parameters)
        {
            var argument = Argument(parameter);
            if (argument is null)
            {
                Report(diagnostics, grainClass, $"[PersistentState] parameter '{parameter.Name}' must be of type IPersistentState<T>");
                return false;
            }

            arguments.Add(argument);
        }

        var interfaces = grainClass.AllInterfaces
            .Where(i => i.AllInterfaces.Any(b => SymbolNames.MetadataName(b) == KnownNames.GrainWithStringKey))
            .Select(i => $"typeof({SymbolNames.Global(i)})");
        code.AppendLine($"            {KnownNames.InvocationNs}.GrainTypeRegistry.RegisterGrainClass(");
        code.AppendLine($"                typeof({SymbolNames.Global(grainClass)}),");
        code.AppendLine($"                new global::System.Type[] {{ {string.Join(", ", interfaces)} }},");
        code.AppendLine($"                static context => new {SymbolNames.Global(grainClass)}({string.Join(", ", arguments)}));");
        return true;
    }

    private static string? Argument(IParameterSymbol parameter)
    {
        var attribute = SymbolNames.FindAttribute(parameter, KnownNames.PersistentState);
        if (attribute is null)
        {
            return $"context.GetRequiredService<{SymbolNames.Global(parameter.Type)}>()";
        }

        if (parameter.Type is not INamedTypeSymbol { IsGenericType: true } stateType
            || SymbolNames.MetadataName(stateType.OriginalDefinition) != KnownNames.PersistentStateInterface)
        {
            return null;
        }

        var stateName = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
        var storageName = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : null;
        return $"context.GetPersistentState<{SymbolNames.Global(stateType.TypeArguments[0])}>({SymbolNames.Literal(stateName ?? parameter.Name)}, {SymbolNames.Literal(storageName ?? KnownNames.DefaultStorageName)})";
    }

    private static void Report(List<Diagnostic> diagnostics, INamedTypeSymbol grainClass, string reason) =>
        diagnostics.Add(Diagnostic.Create(GeneratorDiagnostics.UnsupportedGrainClass, grainClass.Locations.FirstOrDefault(), grainClass.ToDisplayString(), reason));
}
