using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace OrleansSync.Runtime.Generators;

/// <summary>
/// Emits a tag-length-value codec for a [GenerateSerializer] type: each [Id(n)] member is written
/// as (n+1, 4-byte length, value); readers skip ids they do not know, and members missing from
/// the input keep their default value.
/// </summary>
internal static class SerializerEmitter
{
    public static bool TryEmitCodec(StringBuilder code, INamedTypeSymbol type, List<Diagnostic> diagnostics)
    {
        if (type.IsGenericType || !SymbolNames.IsAccessibleFromAssembly(type) || type.IsAbstract)
        {
            return Report(diagnostics, type, "it must be a non-generic, non-abstract type visible in its assembly");
        }

        var members = CollectMembers(type);
        if (members.Select(m => m.Id).Distinct().Count() != members.Count)
        {
            return Report(diagnostics, type, "two members have the same [Id]");
        }

        var construction = Construction(type, members);
        if (construction is null)
        {
            return Report(diagnostics, type, "it needs a constructor whose parameters match [Id] members by name, or a parameterless constructor with settable [Id] members");
        }

        var name = SymbolNames.Global(type);
        var id = SymbolNames.Identifier(type);
        var isReference = type.IsReferenceType;
        code.AppendLine($"    internal sealed class Codec_{id} : {KnownNames.SerializationNs}.IFieldCodec<{name}>");
        code.AppendLine("    {");
        EmitWrite(code, name, isReference, members);
        EmitRead(code, name, isReference, members, construction);
        code.AppendLine("    }");
        code.AppendLine();
        return true;
    }

    public static void EmitRegistration(StringBuilder code, INamedTypeSymbol type) =>
        code.AppendLine($"            {KnownNames.SerializationNs}.CodecRegistry.Register<{SymbolNames.Global(type)}>(new Codec_{SymbolNames.Identifier(type)}());");

    private static void EmitWrite(StringBuilder code, string name, bool isReference, List<SerializedMember> members)
    {
        code.AppendLine($"        public void Write({KnownNames.SerializationNs}.GrainWriter writer, {name} value)");
        code.AppendLine("        {");
        if (isReference)
        {
            code.AppendLine("            if (value is null) { writer.WriteByte(0); return; }");
            code.AppendLine("            writer.WriteByte(1);");
        }

        code.AppendLine("            int slot;");
        foreach (var member in members)
        {
            code.AppendLine($"            slot = writer.BeginField({member.Id}u);");
            code.AppendLine($"            {KnownNames.SerializationNs}.Codec<{SymbolNames.Global(member.Type)}>.Write(writer, value.{member.Name});");
            code.AppendLine("            writer.EndField(slot);");
        }

        code.AppendLine("            writer.WriteEndOfObject();");
        code.AppendLine("        }");
    }

    private static void EmitRead(StringBuilder code, string name, bool isReference, List<SerializedMember> members, string construction)
    {
        code.AppendLine($"        public {name} Read({KnownNames.SerializationNs}.GrainReader reader)");
        code.AppendLine("        {");
        if (isReference)
        {
            code.AppendLine("            var marker = reader.ReadByte();");
            code.AppendLine("            if (marker == 0) { return null; }");
            code.AppendLine($"            if (marker != 1) {{ throw new {KnownNames.SerializationNs}.GrainSerializationException(\"Bad object marker \" + marker + \" for {name.Replace("global::", string.Empty)}.\"); }}");
        }

        code.AppendLine("            reader.EnterNested();");
        foreach (var member in members)
        {
            code.AppendLine($"            {SymbolNames.Global(member.Type)} f{member.Id} = default;");
        }

        code.AppendLine("            while (reader.ReadFieldHeader(out var fieldId, out var fieldEnd))");
        code.AppendLine("            {");
        code.AppendLine("                switch (fieldId)");
        code.AppendLine("                {");
        foreach (var member in members)
        {
            code.AppendLine($"                    case {member.Id}u: f{member.Id} = {KnownNames.SerializationNs}.Codec<{SymbolNames.Global(member.Type)}>.Read(reader); reader.EndField(fieldId, fieldEnd); break;");
        }

        code.AppendLine("                    default: reader.SkipTo(fieldEnd); break;");
        code.AppendLine("                }");
        code.AppendLine("            }");
        code.AppendLine("            reader.ExitNested();");
        code.AppendLine($"            return {construction};");
        code.AppendLine("        }");
    }

    private static List<SerializedMember> CollectMembers(INamedTypeSymbol type)
    {
        var members = new List<SerializedMember>();
        var seen = new HashSet<string>();
        var primaryParameterIds = type.InstanceConstructors
            .SelectMany(c => c.Parameters)
            .Select(p => (p.Name, Attribute: SymbolNames.FindAttribute(p, KnownNames.Id)))
            .Where(p => p.Attribute is not null)
            .GroupBy(p => p.Name)
            .ToDictionary(g => g.Key, g => g.First().Attribute!);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var attribute = SymbolNames.FindAttribute(member, KnownNames.Id);
                if (attribute is null && member is IPropertySymbol && primaryParameterIds.TryGetValue(member.Name, out var fromParameter))
                {
                    attribute = fromParameter;
                }

                if (attribute is null || !seen.Add(member.Name) || member.IsStatic)
                {
                    continue;
                }

                var memberType = member switch
                {
                    IPropertySymbol p => p.Type,
                    IFieldSymbol f => f.Type,
                    _ => null,
                };
                if (memberType is not null && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is uint id)
                {
                    members.Add(new SerializedMember(member, memberType, id));
                }
            }
        }

        members.Sort((a, b) => a.Id.CompareTo(b.Id));
        return members;
    }

    private static string? Construction(INamedTypeSymbol type, List<SerializedMember> members)
    {
        var byName = members.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        var constructor = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .Where(c => c.Parameters.All(p => byName.ContainsKey(p.Name)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null)
        {
            return null;
        }

        var passed = new HashSet<string>(constructor.Parameters.Select(p => byName[p.Name].Name));
        var initializers = new List<string>();
        foreach (var member in members.Where(m => !passed.Contains(m.Name)))
        {
            if (!member.IsSettable)
            {
                return null;
            }

            initializers.Add($"{member.Name} = f{member.Id}");
        }

        var arguments = string.Join(", ", constructor.Parameters.Select(p => $"f{byName[p.Name].Id}"));
        var initializer = initializers.Count == 0 ? string.Empty : " { " + string.Join(", ", initializers) + " }";
        return $"new {SymbolNames.Global(type)}({arguments}){initializer}";
    }

    private static bool Report(List<Diagnostic> diagnostics, INamedTypeSymbol type, string reason)
    {
        diagnostics.Add(Diagnostic.Create(GeneratorDiagnostics.UnsupportedSerializableType, type.Locations.FirstOrDefault(), type.ToDisplayString(), reason));
        return false;
    }
}
