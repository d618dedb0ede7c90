using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OrleansSync.Runtime.Generators;

namespace OrleansSync.Runtime.Tests.Generators;

/// <summary>Runs the generator on small sources and checks its diagnostics and that its output compiles.</summary>
public sealed class GeneratorTests
{
    [Fact]
    public void ValidGrain_GeneratesCodeThatCompiles()
    {
        const string source = """
            using System.Threading.Tasks;
            using OrleansSync.Runtime;
            using OrleansSync.Runtime.Serialization;
            namespace Sample;
            [GenerateSerializer] public sealed record Item([property: Id(0)] string Name, [property: Id(1)] int Count);
            public interface IBase : IGrainWithStringKey { Task<int> Count(); }
            public interface IShop : IBase { Task<Item> Get(string name); ValueTask Put(Item item); [AlwaysInterleave] ValueTask<bool> Has(string name); }
            public sealed class Shop : Grain, IShop
            {
                public Task<int> Count() => Task.FromResult(0);
                public Task<Item> Get(string name) => Task.FromResult(new Item(name, 1));
                public ValueTask Put(Item item) => ValueTask.CompletedTask;
                public ValueTask<bool> Has(string name) => ValueTask.FromResult(false);
            }
            """;

        var (diagnostics, output) = Run(source);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var generated = output.SyntaxTrees.Last().ToString();
        Assert.Contains("Proxy_Sample_IShop", generated);
        Assert.Contains("Invoker_Sample_IShop", generated);
        Assert.Contains("Codec_Sample_Item", generated);
        Assert.Contains("RegisterGrainClass", generated);
    }

    [Fact]
    public void MethodNotReturningATask_ReportsOSG001()
    {
        var (diagnostics, _) = Run("""
            using OrleansSync.Runtime;
            namespace Sample;
            public interface IBad : IGrainWithStringKey { int NotATask(); }
            """);

        Assert.Contains(diagnostics, d => d.Id == "OSG001" && d.GetMessage().Contains("NotATask"));
    }

    [Fact]
    public void PropertyOrOutParameter_ReportsOSG002()
    {
        var (diagnostics, _) = Run("""
            using System.Threading.Tasks;
            using OrleansSync.Runtime;
            namespace Sample;
            public interface IBad : IGrainWithStringKey { int Value { get; } Task Out(out int x); }
            """);

        Assert.Equal(2, diagnostics.Count(d => d.Id == "OSG002"));
    }

    [Fact]
    public void SerializableTypeWithoutUsableConstructor_ReportsOSG003()
    {
        var (diagnostics, _) = Run("""
            using OrleansSync.Runtime.Serialization;
            namespace Sample;
            [GenerateSerializer] public sealed class Frozen { public Frozen(int other) { } [Id(0)] public int Value { get; } }
            """);

        Assert.Contains(diagnostics, d => d.Id == "OSG003");
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, Compilation Output) Run(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(Grain).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "GeneratorTestAssembly",
            [CSharpSyntaxTree.ParseText(source, parseOptions)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([new GrainCodeGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (diagnostics, output);
    }
}
