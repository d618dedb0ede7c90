using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace OrleansSync.Runtime.Generators;

/// <summary>A grain interface method as the emitters need it.</summary>
internal sealed class GrainMethodModel
{
    public GrainMethodModel(IMethodSymbol method, uint methodId, ReturnKind returnKind, ITypeSymbol? resultType, bool alwaysInterleave)
    {
        Method = method;
        MethodId = methodId;
        ReturnKind = returnKind;
        ResultType = resultType;
        AlwaysInterleave = alwaysInterleave;
    }

    public IMethodSymbol Method { get; }

    public uint MethodId { get; }

    public ReturnKind ReturnKind { get; }

    /// <summary>T of Task&lt;T&gt; / ValueTask&lt;T&gt;; null for Task / ValueTask.</summary>
    public ITypeSymbol? ResultType { get; }

    public bool AlwaysInterleave { get; }

    public IReadOnlyList<IParameterSymbol> Parameters => Method.Parameters;
}
