using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace GradientCourse.Runner.Execution;

/// <summary>Resolves <c>#r "path.dll"</c> relative to the notebook's folder, and the dependencies a referenced
/// library names (e.g. the course library's Plotly.NET) from the runner's bin.</summary>
public sealed class CourseMetadataResolver : MetadataReferenceResolver
{
    private readonly ScriptMetadataResolver files;
    private readonly string binDirectory;

    /// <summary>Resolves relative <c>#r</c> paths from <paramref name="notebookDirectory"/>.</summary>
    public CourseMetadataResolver(string notebookDirectory)
    {
        files = ScriptMetadataResolver.Default.WithBaseDirectory(notebookDirectory);
        binDirectory = AppContext.BaseDirectory;
        NotebookDirectory = notebookDirectory;
    }

    /// <summary>The folder relative <c>#r</c> paths start from.</summary>
    public string NotebookDirectory { get; }

    /// <inheritdoc />
    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        // "nuget:" directives never get here: the executor removes them and adds each package's references
        // (a #r directive may resolve to one file only).
        return files.ResolveReference(reference, baseFilePath, properties);
    }

    /// <inheritdoc />
    public override bool ResolveMissingAssemblies => true;

    /// <summary>A referenced library's own dependencies (e.g. the course library's Plotly.NET): the runner's copy if it
    /// ships one, else a file next to the library.</summary>
    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
    {
        var fileName = referenceIdentity.Name + ".dll";
        var candidates = new List<string> { Path.Combine(binDirectory, fileName) };
        if (definition is PortableExecutableReference { FilePath: { } definitionPath })
        {
            candidates.Add(Path.Combine(Path.GetDirectoryName(definitionPath)!, fileName));
        }
        var found = candidates.FirstOrDefault(File.Exists);
        return found is null ? null : MetadataReference.CreateFromFile(found);
    }

    /// <inheritdoc />
    public override bool Equals(object? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override int GetHashCode() => NotebookDirectory.GetHashCode(StringComparison.Ordinal);
}
