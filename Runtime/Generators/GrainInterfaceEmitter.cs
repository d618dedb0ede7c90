using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace OrleansSync.Runtime.Generators;

/// <summary>Emits the proxy and the invoker of one grain interface, and its registration line.</summary>
internal static class GrainInterfaceEmitter
{
    public static void EmitProxy(StringBuilder code, INamedTypeSymbol grainInterface, IReadOnlyList<GrainMethodModel> methods)
    {
        var id = SymbolNames.Identifier(grainInterface);
        var iface = SymbolNames.Global(grainInterface);
        code.AppendLine($"    internal sealed class Proxy_{id} : {KnownNames.InvocationNs}.GrainReference, {iface}");
        code.AppendLine("    {");
        code.AppendLine($"        public Proxy_{id}({KnownNames.InvocationNs}.GrainReferenceShared shared, string key) : base(shared, key) {{ }}");
        foreach (var method in methods)
        {
            EmitProxyMethod(code, method);
        }

        code.AppendLine("    }");
        code.AppendLine();
    }

    public static void EmitInvoker(StringBuilder code, INamedTypeSymbol grainInterface, IReadOnlyList<GrainMethodModel> methods)
    {
        var id = SymbolNames.Identifier(grainInterface);
        code.AppendLine($"    internal sealed class Invoker_{id} : {KnownNames.InvocationNs}.IGrainMethodInvoker");
        code.AppendLine("    {");
        code.AppendLine($"        public async global::System.Threading.Tasks.ValueTask InvokeAsync(object grain, uint methodId, {KnownNames.SerializationNs}.GrainReader arguments, {KnownNames.SerializationNs}.GrainWriter result)");
        code.AppendLine("        {");
        code.AppendLine("            switch (methodId)");
        code.AppendLine("            {");
        foreach (var method in methods)
        {
            EmitInvokerCase(code, method);
        }

        code.AppendLine("                default:");
        code.AppendLine($"                    throw new global::System.InvalidOperationException(\"{SymbolNames.MetadataName(grainInterface)} has no method with id \" + methodId + \".\");");
        code.AppendLine("            }");
        code.AppendLine("        }");
        code.AppendLine("    }");
        code.AppendLine();
    }

    public static void EmitRegistration(StringBuilder code, INamedTypeSymbol grainInterface, IReadOnlyList<GrainMethodModel> methods)
    {
        var id = SymbolNames.Identifier(grainInterface);
        var methodList = string.Join(", ", methods.Select(m =>
            $"new {KnownNames.InvocationNs}.GrainMethodDescriptor({m.MethodId}u, {SymbolNames.Literal(m.Method.Name)}, {(m.AlwaysInterleave ? "true" : "false")})"));
        code.AppendLine($"            {KnownNames.InvocationNs}.GrainTypeRegistry.RegisterInterface(new {KnownNames.InvocationNs}.GrainInterfaceDescriptor(");
        code.AppendLine($"                typeof({SymbolNames.Global(grainInterface)}),");
        code.AppendLine($"                new {KnownNames.InvocationNs}.GrainMethodDescriptor[] {{ {methodList} }},");
        code.AppendLine($"                static (shared, key) => new Proxy_{id}(shared, key),");
        code.AppendLine($"                new Invoker_{id}()));");
    }

    private static void EmitProxyMethod(StringBuilder code, GrainMethodModel model)
    {
        var method = model.Method;
        var parameters = string.Join(", ", method.Parameters.Select((p, i) => $"{SymbolNames.Global(p.Type)} arg{i}"));
        code.AppendLine($"        {SymbolNames.Global(method.ReturnType)} {SymbolNames.Global(method.ContainingType)}.{method.Name}({parameters})");
        code.AppendLine("        {");
        code.AppendLine($"            var writer = new {KnownNames.SerializationNs}.GrainWriter();");
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            code.AppendLine($"            {KnownNames.SerializationNs}.Codec<{SymbolNames.Global(method.Parameters[i].Type)}>.Write(writer, arg{i});");
        }

        var call = model.ResultType is null
            ? $"InvokeVoidAsync({model.MethodId}u, writer)"
            : $"InvokeAsync<{SymbolNames.Global(model.ResultType)}>({model.MethodId}u, writer)";
        var body = model.ReturnKind switch
        {
            ReturnKind.ValueTask => $"new global::System.Threading.Tasks.ValueTask({call})",
            ReturnKind.ValueTaskOfT => $"new {SymbolNames.Global(method.ReturnType)}({call})",
            _ => call,
        };
        code.AppendLine($"            return {body};");
        code.AppendLine("        }");
    }

    private static void EmitInvokerCase(StringBuilder code, GrainMethodModel model)
    {
        var method = model.Method;
        code.AppendLine($"                case {model.MethodId}u:");
        code.AppendLine("                {");
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            code.AppendLine($"                    var arg{i} = {KnownNames.SerializationNs}.Codec<{SymbolNames.Global(method.Parameters[i].Type)}>.Read(arguments);");
        }

        code.AppendLine("                    arguments.EnsureFullyConsumed();");
        var args = string.Join(", ", method.Parameters.Select((_, i) => $"arg{i}"));
        var invocation = $"(({SymbolNames.Global(method.ContainingType)})grain).{method.Name}({args})";
        if (model.ResultType is null)
        {
            code.AppendLine($"                    await {invocation};");
        }
        else
        {
            code.AppendLine($"                    var value = await {invocation};");
            code.AppendLine($"                    {KnownNames.SerializationNs}.Codec<{SymbolNames.Global(model.ResultType)}>.Write(result, value);");
        }

        code.AppendLine("                    return;");
        code.AppendLine("                }");
    }
}
