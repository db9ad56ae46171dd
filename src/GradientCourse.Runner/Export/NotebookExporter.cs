using System.Globalization;
using System.Text;
using GradientCourse.Runner.Execution;
using GradientCourse.Runner.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GradientCourse.Runner.Export;

/// <summary>A notebook written as a .NET 10 file-based app (<c>dotnet run NN-topic.cs</c>).</summary>
/// <param name="Name">The notebook's name, e.g. <c>03-vanishing-gradients</c>.</param>
/// <param name="Source">The program's text.</param>
/// <param name="Packages">Packages the program names with <c>#:package</c>.</param>
/// <param name="Projects">Absolute paths of the projects it names with <c>#:project</c>.</param>
/// <param name="DisplaySites">Number of places where the notebook shows a value (trailing expressions).</param>
/// <param name="Problems">What could not be converted (empty when the conversion is complete).</param>
public sealed record ExportedProgram(string Name, string Source, IReadOnlyList<PackageRequest> Packages, IReadOnlyList<string> Projects,
    int DisplaySites, IReadOnlyList<string> Problems);

/// <summary>Turns a notebook into a single C# file that the .NET 10 SDK runs as a file-based app: markdown becomes
/// <c>//</c> comments, code cells follow in order, and what only a script allows becomes ordinary C#:
/// <list type="bullet">
/// <item><c>#r "nuget: X, V"</c> → <c>#:package X@V</c>; <c>#r "…/src/P/bin/…/P.dll"</c> → <c>#:project …/P.csproj</c>;</item>
/// <item>using directives in any cell move to the top of the file;</item>
/// <item>a cell's trailing expression (shown by the kernel) → <c>NotebookOutput.Display(expr);</c> — charts become
/// HTML files beside the program, other values go to standard error, so standard output is exactly the notebook's
/// printed text;</item>
/// <item>a variable or function declared again in a later cell (legal in a script, an error in one method) is renamed
/// from that cell on (<c>net</c> → <c>net_2</c>);</item>
/// <item>type declarations move after the top-level statements;</item>
/// <item>the setup cell's FSharp.Core lookup and resolver (needed only inside the kernel) stay as comments; a variable a later cell uses is bound to the FSharp.Core the program loaded.</item>
/// </list></summary>
public static class NotebookExporter
{
    /// <summary>The helper class every exported program ends with.</summary>
    public const string HelperClass = "NotebookOutput";

    private static readonly string[] KernelUsings = ["using System.Collections;", "using System.Text;"];

    private static readonly CSharpParseOptions ScriptOptions =
        new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    /// <summary>Converts one notebook for a program that will live in <paramref name="outputDirectory"/>.
    /// <paramref name="voidDisplays"/> lists display sites (0-based, in file order) whose expression has no value: they
    /// become plain statements (found by <see cref="ExportCompiler"/>).</summary>
    public static ExportedProgram Convert(Notebook notebook, PackagePins pins, string outputDirectory, ISet<int>? voidDisplays = null)
    {
        voidDisplays ??= new HashSet<int>();
        var notebookDirectory = Path.GetDirectoryName(notebook.Path)!;
        var problems = new List<string>();
        var packages = new List<PackageRequest>();
        var projects = new List<string>();
        var usings = new List<string>();
        var types = new StringBuilder();
        var body = new StringBuilder();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var allNames = new HashSet<string>(StringComparer.Ordinal);
        var displaySites = 0;

        // Every identifier of the notebook, so that a new name never collides with one in use.
        foreach (var cell in notebook.Cells.Where(c => c.Kind == CellKind.Code))
        {
            var tree = CSharpSyntaxTree.ParseText(cell.Source, ScriptOptions);
            allNames.UnionWith(tree.GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        }

        foreach (var cell in notebook.Cells)
        {
            if (IsHiddenTestCell(cell))
            {
                // Instructor-only hidden tests: their probes call answer functions by name, which only a script's
                // submission state allows; the grader runs them, a learner's program has no use for them.
                body.AppendLine();
                body.AppendLine(CultureInfo.InvariantCulture, $"// (hidden tests of {cell.Id} are not exported)");
                continue;
            }

            if (cell.Kind != CellKind.Code)
            {
                body.AppendLine();
                foreach (var line in cell.Source.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
                {
                    body.AppendLine(line.Length == 0 ? "//" : "// " + line.TrimEnd());
                }
                continue;
            }

            var prepared = CellPreprocessor.Prepare(cell, pins);
            if (prepared.Error is not null)
            {
                problems.Add(prepared.Error);
                continue;
            }
            foreach (var package in prepared.Packages)
            {
                if (NuGetResolver.ProvidedByRunner.ContainsKey(package.Id))
                {
                    continue; // a kernel extension (Plotly.NET.Interactive): the program writes charts itself
                }
                if (!packages.Any(p => string.Equals(p.Id, package.Id, StringComparison.OrdinalIgnoreCase)))
                {
                    packages.Add(package);
                }
            }

            var root = CSharpSyntaxTree.ParseText(prepared.Code, ScriptOptions).GetCompilationUnitRoot();
            var changes = new List<TextChange>();

            foreach (var reference in root.GetReferenceDirectives())
            {
                var project = ProjectOf(reference.File.ValueText, notebookDirectory);
                if (project is null)
                {
                    problems.Add($"{cell.Label}: #r \"{reference.File.ValueText}\" names no project of this repository (a file-based app cannot reference a loose DLL)");
                }
                else if (!projects.Contains(project, StringComparer.Ordinal))
                {
                    projects.Add(project);
                }
                changes.Add(new TextChange(reference.GetLocation().SourceSpan, ""));
            }
            foreach (var directive in root.Usings)
            {
                var text = directive.WithoutTrivia().ToString();
                if (!usings.Contains(text, StringComparer.Ordinal))
                {
                    usings.Add(text);
                }
                changes.Add(new TextChange(directive.Span, ""));
            }

            // Names this cell declares again get a fresh name for this cell and the rest of the notebook.
            foreach (var name in DeclaredNames(root).Distinct(StringComparer.Ordinal))
            {
                if (!declared.Add(name))
                {
                    var fresh = name;
                    for (var k = 2; allNames.Contains(fresh); k++)
                    {
                        fresh = $"{name}_{k.ToString(CultureInfo.InvariantCulture)}";
                    }
                    allNames.Add(fresh);
                    renames[name] = fresh;
                }
            }
            var last = root.Members.LastOrDefault();
            foreach (var member in root.Members)
            {
                if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                {
                    types.AppendLine().AppendLine(Renamed(member, renames).ToFullString().Trim());
                    changes.Add(new TextChange(member.FullSpan, ""));
                    continue;
                }
                if (IsKernelWorkaround(member))
                {
                    var commented = string.Join("\n", member.WithoutLeadingTrivia().ToString().Split('\n').Select(l => "// " + l.TrimEnd()));
                    var replacement = "// (kernel only: .NET Interactive runs on an older FSharp.Core; a compiled program gets the right one)\n" + commented;
                    // A later cell may still use the variable: it becomes the FSharp.Core this program loaded.
                    var variable = member switch
                    {
                        FieldDeclarationSyntax { Declaration.Variables.Count: 1 } field => field.Declaration.Variables[0].Identifier.ValueText,
                        GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } local } => local.Declaration.Variables[0].Identifier.ValueText,
                        _ => null,
                    };
                    if (variable is not null)
                    {
                        replacement += $"\nvar {renames.GetValueOrDefault(variable, variable)} = typeof(Microsoft.FSharp.Core.Unit).Assembly;";
                    }
                    changes.Add(new TextChange(member.Span, replacement));
                    continue;
                }
                var text = Renamed(member, renames).WithoutLeadingTrivia().WithoutTrailingTrivia().ToString();
                if (member == last && member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } expression })
                {
                    var value = Renamed(expression.Expression, renames).WithoutTrivia().ToString();
                    text = voidDisplays.Contains(displaySites) ? value + ";" : $"{HelperClass}.Display({value});";
                    displaySites++;
                }
                changes.Add(new TextChange(member.Span, text));
            }

            var code = SourceText.From(prepared.Code).WithChanges(changes).ToString();
            body.AppendLine();
            body.AppendLine(CultureInfo.InvariantCulture, $"// ── {cell.Label} ──");
            body.AppendLine(Tidy(code));
        }

        var program = new StringBuilder();
        program.AppendLine(CultureInfo.InvariantCulture, $"// {notebook.Title}");
        program.AppendLine(CultureInfo.InvariantCulture, $"// Exported from notebooks/{Path.GetFileName(notebook.Path)} by `dotnet run --project src/GradientCourse.Runner -- export`; do not edit the notebook's copy here.");
        program.AppendLine(CultureInfo.InvariantCulture, $"// Run it with the .NET 10 SDK: dotnet run {notebook.Name}.cs");
        program.AppendLine("// Standard output is the notebook's printed text; what the notebook displays goes to standard error, and each");
        program.AppendLine(CultureInfo.InvariantCulture, $"// chart to {notebook.Name}-chart-NN.html beside this file (open it in a browser).");
        // The versions are named here (the repository's Directory.Packages.props would otherwise own them); analyzer
        // warnings of the repository's build settings do not stop a learner's run.
        program.AppendLine("#:property ManagePackageVersionsCentrally=false");
        program.AppendLine("#:property TreatWarningsAsErrors=false");
        program.AppendLine("#:property PublishAot=false");
        program.AppendLine("#:property Nullable=disable");
        foreach (var package in packages)
        {
            program.AppendLine(CultureInfo.InvariantCulture, $"#:package {package.Id}@{package.Version}");
        }
        foreach (var project in projects)
        {
            program.AppendLine(CultureInfo.InvariantCulture, $"#:project {Relative(outputDirectory, project)}");
        }
        program.AppendLine();
        // The .NET Interactive kernel's default usings that the SDK's implicit usings lack.
        foreach (var directive in KernelUsings.Concat(usings).Distinct(StringComparer.Ordinal))
        {
            program.AppendLine(directive);
        }
        program.AppendLine();
        program.AppendLine("// Cells run in the notebook's folder, as in the kernel (relative paths such as ../data/… resolve alike).");
        program.AppendLine(CultureInfo.InvariantCulture, $"{HelperClass}.Start({Literal(notebook.Name)}, {Literal(Relative(outputDirectory, notebookDirectory))});");
        program.Append(body);
        if (types.Length > 0)
        {
            program.AppendLine();
            program.AppendLine("// ── types declared in the notebook (C# wants them after the top-level statements) ──");
            program.Append(types);
        }
        program.AppendLine();
        var usesPlotly = packages.Any(p => p.Id.StartsWith("Plotly.NET", StringComparison.OrdinalIgnoreCase));
        program.Append(ExportHelper.Source(usesPlotly ? ChartFormatter.PlotlyJsVersion : null));
        return new ExportedProgram(notebook.Name, program.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), packages, projects, displaySites, problems);
    }

    /// <summary>The project whose build output <paramref name="dll"/> is (…/P/bin/…/P.dll → …/P/P.csproj), or null.</summary>
    public static string? ProjectOf(string dll, string baseDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(baseDirectory, dll));
        var name = Path.GetFileNameWithoutExtension(path);
        for (var dir = Path.GetDirectoryName(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, name + ".csproj");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Names a cell declares at its top level (visible to later cells): variables, local functions, and
    /// expression variables of top-level statements (out vars, patterns, deconstruction).</summary>
    internal static IEnumerable<string> DeclaredNames(CompilationUnitSyntax root)
    {
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case FieldDeclarationSyntax field:
                    foreach (var v in field.Declaration.Variables)
                    {
                        yield return v.Identifier.ValueText;
                    }
                    break;
                case MethodDeclarationSyntax method:
                    yield return method.Identifier.ValueText;
                    break;
                case GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax function }:
                    yield return function.Identifier.ValueText;
                    break;
                case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local }:
                    foreach (var v in local.Declaration.Variables)
                    {
                        yield return v.Identifier.ValueText;
                    }
                    foreach (var name in ExpressionVariables(local))
                    {
                        yield return name;
                    }
                    break;
                case GlobalStatementSyntax { Statement: ExpressionStatementSyntax or IfStatementSyntax } statement:
                    foreach (var name in ExpressionVariables(statement.Statement is IfStatementSyntax i ? i.Condition : statement.Statement))
                    {
                        yield return name;
                    }
                    break;
            }
        }
    }

    private static IEnumerable<string> ExpressionVariables(SyntaxNode node) =>
        node.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or BlockSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax))
            .OfType<SingleVariableDesignationSyntax>()
            .Select(d => d.Identifier.ValueText);

    private static T Renamed<T>(T node, Dictionary<string, string> renames) where T : SyntaxNode
    {
        if (renames.Count == 0)
        {
            return node;
        }
        return node.ReplaceTokens(
            node.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && renames.ContainsKey(t.ValueText) && RefersToVariable(t)),
            (original, _) => SyntaxFactory.Identifier(original.LeadingTrivia, renames[original.ValueText], original.TrailingTrivia));
    }

    /// <summary>False where the identifier names a member, argument, type or label rather than a variable or function.</summary>
    private static bool RefersToVariable(SyntaxToken token) => token.Parent switch
    {
        IdentifierNameSyntax name => name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == name => false,
            MemberBindingExpressionSyntax => false,
            NameColonSyntax => false,
            NameEqualsSyntax => false,
            QualifiedNameSyntax => false,
            _ => true,
        },
        VariableDeclaratorSyntax or SingleVariableDesignationSyntax or LocalFunctionStatementSyntax or MethodDeclarationSyntax => true,
        _ => false,
    };

    /// <summary>The setup cell's FSharp.Core lookup and resolver: needed in the kernel only, and the lookup would throw
    /// in a compiled program, which loads FSharp.Core only when a chart first needs it.</summary>
    private static bool IsKernelWorkaround(MemberDeclarationSyntax statement)
    {
        var text = statement.ToString();
        return text.Contains("FSharp.Core", StringComparison.Ordinal) &&
               (text.Contains("AssemblyLoadContext", StringComparison.Ordinal) || text.Contains("GetAssemblies()", StringComparison.Ordinal));
    }

    private static string Tidy(string code)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0 && (result.Count == 0 || result[^1].Length == 0))
            {
                continue;
            }
            result.Add(line);
        }
        while (result.Count > 0 && result[^1].Length == 0)
        {
            result.RemoveAt(result.Count - 1);
        }
        return string.Join("\n", result);
    }

    /// <summary>A path relative to <paramref name="from"/>, with forward slashes (as directives and C# strings want).</summary>
    internal static string Relative(string from, string to) => Path.GetRelativePath(from, to).Replace('\\', '/');

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>An exercise's hidden-test cell (id <c>ex-NN-k-hidden</c>), which only the grader runs.</summary>
    internal static bool IsHiddenTestCell(NotebookCell cell) =>
        cell.Kind == CellKind.Code && cell.Id is { } id && System.Text.RegularExpressions.Regex.IsMatch(id, @"^ex-\d{2}-\d+-hidden$");
}
