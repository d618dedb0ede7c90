using System.Text;
using Microsoft.CodeAnalysis;

namespace OrleansSync.Runtime.Generators;

/// <summary>How generated code spells types, and identifiers derived from type names.</summary>
internal static class SymbolNames
{
    public static string Global(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    public static string Identifier(ITypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }

    public static string Literal(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static bool IsOrDerivesFrom(INamedTypeSymbol? type, string metadataName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (MetadataName(current) == metadataName)
            {
                return true;
            }
        }

        return false;
    }

    public static string MetadataName(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        var outer = type.ContainingType is { } containing ? MetadataName(containing) + "+" : ns;
        return outer + type.MetadataName;
    }

    public static bool HasAttribute(ISymbol symbol, string attributeMetadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } cls && MetadataName(cls) == attributeMetadataName)
            {
                return true;
            }
        }

        return false;
    }

    public static AttributeData? FindAttribute(ISymbol symbol, string attributeMetadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } cls && MetadataName(cls) == attributeMetadataName)
            {
                return attribute;
            }
        }

        return null;
    }

    public static bool IsAccessibleFromAssembly(ITypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            if (named.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }
}
