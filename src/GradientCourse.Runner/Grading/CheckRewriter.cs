using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using GradientCourse.Runner.Execution;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// Turns a check or hidden-test cell into the grader's version, bound before any learner code has run:
/// <list type="number">
/// <item>every leftmost name that binds to a namespace or a library/framework type (<c>Exercises</c>, <c>Math</c>,
/// <c>Mlp</c>, <c>GradientCourse</c> …) becomes fully qualified (<c>global::GradientCourse.Exercises</c>), so a
/// class the learner declares with the same name cannot take its place;</item>
/// <item>every call <c>global::GradientCourse.Exercises.M(…)</c> is wrapped so that its <c>CheckResult</c> is collected;
/// </item>
/// <item>the cell's statements go into a lambda that returns the collected results as the cell's value, which the
/// worker reads from Roslyn's script state (never from printed text); nothing the wrapper declares is reachable
/// from other cells.</item>
/// </list>
/// </summary>
public static class CheckRewriter
{
    private const string ResultsName = "__gc_results";
    private const string RecordName = "__gc_record";
    private const string ExercisesType = "global::GradientCourse.Exercises";
    private const string ResultList = "global::System.Collections.Generic.List<global::GradientCourse.CheckResult>";

    /// <summary>Rewrites <paramref name="code"/> as bound after <paramref name="baseline"/> (null: a fresh script).</summary>
    public static string Rewrite(string code, Script? baseline, ScriptOptions options)
    {
        var script = baseline is null
            ? CSharpScript.Create(code, options, typeof(NotebookGlobals))
            : baseline.ContinueWith(code, options);
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var root = (CompilationUnitSyntax)new Qualifier(model).Visit(tree.GetRoot())!;
        root = (CompilationUnitSyntax)new RecordCalls().Visit(root)!;

        var text = new StringBuilder();
        foreach (var directive in root.Externs)
            text.Append(directive.ToFullString());
        foreach (var directive in root.Usings)
            text.Append(directive.ToFullString());
        foreach (var member in root.Members.Where(m => m is not GlobalStatementSyntax))
            text.Append(member.ToFullString()).Append('\n');
        text.Append("((global::System.Func<").Append(ResultList).Append(">)(() =>\n{\n")
            .Append("var ").Append(ResultsName).Append(" = new ").Append(ResultList).Append("();\n")
            .Append("global::GradientCourse.CheckResult ").Append(RecordName).Append("(global::GradientCourse.CheckResult r) { ")
            .Append(ResultsName).Append(".Add(r); return r; }\n");
        foreach (var statement in root.Members.OfType<GlobalStatementSyntax>())
        {
            text.Append(statement.ToFullString());
            if (statement.Statement is ExpressionStatementSyntax { SemicolonToken.IsMissing: true })
                text.Append(';');
            text.Append('\n');
        }
        text.Append("return ").Append(ResultsName).Append(";\n}))()");
        return text.ToString();
    }

    private sealed class Qualifier(SemanticModel model) : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (node.IsVar || !IsLeftmost(node))
                return base.VisitIdentifierName(node);
            var prefix = PrefixFor(node);
            return prefix is null ? node : SyntaxFactory.ParseName(prefix + node.Identifier.ValueText).WithTriviaFrom(node);
        }

        public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
        {
            var visited = (GenericNameSyntax)base.VisitGenericName(node)!;
            if (!IsLeftmost(node))
                return visited;
            var prefix = PrefixFor(node);
            return prefix is null ? visited : SyntaxFactory.ParseName(prefix + visited.WithoutTrivia().ToString()).WithTriviaFrom(node);
        }

        /// <summary>"global::" inside an interpolation hole would start its format clause: parenthesize the hole.</summary>
        public override SyntaxNode? VisitInterpolation(InterpolationSyntax node)
        {
            var visited = (InterpolationSyntax)base.VisitInterpolation(node)!;
            return visited.Expression.ToString().Contains("::", StringComparison.Ordinal) && visited.Expression is not ParenthesizedExpressionSyntax
                ? visited.WithExpression(SyntaxFactory.ParenthesizedExpression(visited.Expression.WithoutTrivia()).WithTriviaFrom(visited.Expression))
                : visited;
        }

        private static bool IsLeftmost(SimpleNameSyntax node) => node.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == node,
            QualifiedNameSyntax qualified => qualified.Left == node,
            AliasQualifiedNameSyntax or MemberBindingExpressionSyntax or NameColonSyntax or NameEqualsSyntax => false,
            _ => true,
        };

        /// <summary>"global::Ns." for a namespace or metadata type the name binds to; null for anything else
        /// (locals, the learner's functions, the instructor's script declarations).</summary>
        private string? PrefixFor(SimpleNameSyntax node)
        {
            var info = model.GetSymbolInfo(node);
            var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
            switch (symbol)
            {
                case INamespaceSymbol { IsGlobalNamespace: false } ns:
                    return Container(ns.ContainingNamespace, null);
                case INamedTypeSymbol type when type.Locations.All(l => !l.IsInSource) && type.TypeKind != TypeKind.Error:
                    return Container(type.ContainingNamespace, type.ContainingType);
                default:
                    return null;
            }
        }

        private static string Container(INamespaceSymbol? ns, INamedTypeSymbol? containingType)
        {
            if (containingType is not null)
                return containingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ".";
            return ns is null || ns.IsGlobalNamespace ? "global::" : ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ".";
        }
    }

    private sealed class RecordCalls : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            if (visited.Expression is not MemberAccessExpressionSyntax access
                || !string.Equals(access.Expression.WithoutTrivia().ToString().Replace(" ", "", StringComparison.Ordinal), ExercisesType, StringComparison.Ordinal))
                return visited;
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.IdentifierName(RecordName),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(visited.WithoutTrivia()))))
                .WithTriviaFrom(visited);
        }
    }
}
