using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OrleansSync.Runtime.Generators;

/// <summary>Turns a grain interface symbol into method models, reporting what cannot be supported.</summary>
internal static class GrainInterfaceAnalyzer
{
    public static List<GrainMethodModel>? Analyze(INamedTypeSymbol grainInterface, List<Diagnostic> diagnostics)
    {
        var methods = new List<GrainMethodModel>();
        var ids = new HashSet<uint>();
        var ok = true;
        foreach (var declaring in new[] { grainInterface }.Concat(grainInterface.AllInterfaces))
        {
            foreach (var member in declaring.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method)
                {
                    var model = AnalyzeMethod(declaring, method, diagnostics);
                    if (model is null)
                    {
                        ok = false;
                    }
                    else if (!ids.Add(model.MethodId))
                    {
                        ok = Report(diagnostics, member, "its method id collides with another method; rename it");
                    }
                    else
                    {
                        methods.Add(model);
                    }
                }
                else if (!member.IsStatic && member is IPropertySymbol or IEventSymbol)
                {
                    ok = Report(diagnostics, member, "grain interfaces can only declare methods");
                }
            }
        }

        return ok ? methods : null;
    }

    private static GrainMethodModel? AnalyzeMethod(INamedTypeSymbol declaring, IMethodSymbol method, List<Diagnostic> diagnostics)
    {
        if (method.IsGenericMethod)
        {
            Report(diagnostics, method, "generic methods are not supported");
            return null;
        }

        if (method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams))
        {
            Report(diagnostics, method, "ref, out, in and params parameters are not supported");
            return null;
        }

        var kind = Classify(method.ReturnType, out var resultType);
        if (kind is null)
        {
            diagnostics.Add(Diagnostic.Create(GeneratorDiagnostics.UnsupportedReturnType, method.Locations.FirstOrDefault(), method.ToDisplayString(), method.ReturnType.ToDisplayString()));
            return null;
        }

        var signature = SymbolNames.MetadataName(declaring) + "." + method.Name + "(" + string.Join(",", method.Parameters.Select(p => SymbolNames.Global(p.Type))) + ")";
        var alwaysInterleave = SymbolNames.HasAttribute(method, KnownNames.AlwaysInterleave);
        return new GrainMethodModel(method, StableHash.Fnv1a32(signature), kind.Value, resultType, alwaysInterleave);
    }

    private static ReturnKind? Classify(ITypeSymbol returnType, out ITypeSymbol? resultType)
    {
        resultType = null;
        if (returnType is not INamedTypeSymbol named)
        {
            return null;
        }

        var name = SymbolNames.MetadataName(named.OriginalDefinition);
        switch (name)
        {
            case "System.Threading.Tasks.Task":
                return ReturnKind.Task;
            case "System.Threading.Tasks.ValueTask":
                return ReturnKind.ValueTask;
            case "System.Threading.Tasks.Task`1":
                resultType = named.TypeArguments[0];
                return ReturnKind.TaskOfT;
            case "System.Threading.Tasks.ValueTask`1":
                resultType = named.TypeArguments[0];
                return ReturnKind.ValueTaskOfT;
            default:
                return null;
        }
    }

    private static bool Report(List<Diagnostic> diagnostics, ISymbol member, string reason)
    {
        diagnostics.Add(Diagnostic.Create(GeneratorDiagnostics.UnsupportedMember, member.Locations.FirstOrDefault(), member.ToDisplayString(), reason));
        return false;
    }
}
