using Microsoft.CodeAnalysis;

namespace OrleansSync.Runtime.Generators;

/// <summary>A member of a [GenerateSerializer] type with its wire id.</summary>
internal sealed class SerializedMember
{
    public SerializedMember(ISymbol symbol, ITypeSymbol type, uint id)
    {
        Symbol = symbol;
        Type = type;
        Id = id;
    }

    public ISymbol Symbol { get; }

    public string Name => Symbol.Name;

    public ITypeSymbol Type { get; }

    public uint Id { get; }

    /// <summary>Whether an object initializer can assign it (a setter or init accessor, or a writable field).</summary>
    public bool IsSettable => Symbol switch
    {
        IPropertySymbol property => property.SetMethod is { DeclaredAccessibility: Accessibility.Public or Accessibility.Internal },
        IFieldSymbol fieldSymbol => !fieldSymbol.IsReadOnly && !fieldSymbol.IsConst,
        _ => false,
    };
}
