using System.Net;
using System.Text;

namespace GradientCourse.Runner.Site;

/// <summary>A small C# highlighter for the site: comments, strings, numbers, keywords and directives become
/// <c>span</c>s with classes <c>c-comment</c>, <c>c-string</c>, <c>c-number</c>, <c>c-keyword</c>, <c>c-directive</c>.</summary>
public static class CSharpHighlighter
{
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false",
        "finally", "fixed", "float", "for", "foreach", "get", "goto", "if", "implicit", "in", "init", "int", "interface", "internal",
        "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private",
        "protected", "public", "readonly", "record", "ref", "return", "sbyte", "sealed", "set", "short", "sizeof", "static",
        "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
        "ushort", "using", "var", "virtual", "void", "volatile", "when", "where", "while", "with", "yield", "nameof", "and",
        "or", "not",
    ];

    /// <summary>HTML for the code (already escaped).</summary>
    public static string ToHtml(string code)
    {
        var html = new StringBuilder();
        var i = 0;
        var lineStart = true;
        while (i < code.Length)
        {
            var c = code[i];
            if (lineStart && c == '#')
            {
                var end = code.IndexOf('\n', i);
                end = end < 0 ? code.Length : end;
                Span("c-directive", code[i..end]);
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                var end = code.IndexOf('\n', i);
                end = end < 0 ? code.Length : end;
                Span("c-comment", code[i..end]);
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                var end = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? code.Length : end + 2;
                Span("c-comment", code[i..end]);
                i = end;
                continue;
            }
            if (c == '"' || ((c == '$' || c == '@') && i + 1 < code.Length && (code[i + 1] == '"' || ((code[i + 1] == '@' || code[i + 1] == '$') && i + 2 < code.Length && code[i + 2] == '"'))))
            {
                var start = i;
                var verbatim = false;
                while (code[i] != '"')
                {
                    verbatim |= code[i] == '@';
                    i++;
                }
                i++;
                while (i < code.Length && code[i] != '"' && (verbatim || code[i] != '\n'))
                {
                    if (!verbatim && code[i] == '\\')
                    {
                        i++;
                    }
                    else if (verbatim && code[i] == '"' && i + 1 < code.Length && code[i + 1] == '"')
                    {
                        i++;
                    }
                    i++;
                }
                i = Math.Min(code.Length, i + 1);
                Span("c-string", code[start..i]);
                continue;
            }
            if (c == '\'')
            {
                var start = i++;
                while (i < code.Length && code[i] != '\'' && code[i] != '\n')
                {
                    i += code[i] == '\\' ? 2 : 1;
                }
                i = Math.Min(code.Length, i + 1);
                Span("c-string", code[start..i]);
                continue;
            }
            if (char.IsDigit(c))
            {
                var start = i;
                while (i < code.Length && (char.IsLetterOrDigit(code[i]) || code[i] == '.' || code[i] == '_') &&
                       !(code[i] == '.' && (i + 1 >= code.Length || !char.IsDigit(code[i + 1]))))
                {
                    i++;
                }
                Span("c-number", code[start..i]);
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < code.Length && (char.IsLetterOrDigit(code[i]) || code[i] == '_'))
                {
                    i++;
                }
                var word = code[start..i];
                if (Keywords.Contains(word))
                {
                    Span("c-keyword", word);
                }
                else
                {
                    html.Append(WebUtility.HtmlEncode(word));
                }
                lineStart = false;
                continue;
            }
            html.Append(WebUtility.HtmlEncode(c.ToString()));
            if (c == '\n')
            {
                lineStart = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                lineStart = false;
            }
            i++;
        }
        return html.ToString();

        void Span(string cls, string text)
        {
            html.Append("<span class=\"").Append(cls).Append("\">").Append(WebUtility.HtmlEncode(text)).Append("</span>");
            lineStart = false;
        }
    }
}
