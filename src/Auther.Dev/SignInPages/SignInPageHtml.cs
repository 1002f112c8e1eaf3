using System.Net;
using System.Text;

namespace Auther.Dev.SignInPages;

/// <summary>
/// The sign-in and sign-up pages: plain server-rendered HTML, no script, every value HTML-encoded. The form posts
/// back to the page's own URL (the authorize query rides along) with the antiforgery token.
/// </summary>
internal static class SignInPageHtml
{
    private const string Style =
        "body{font:15px system-ui,sans-serif;margin:0;background:#f5f5f7;color:#222}" +
        "main{max-width:22em;margin:4em auto;background:#fff;padding:2em;border-radius:8px;box-shadow:0 1px 4px #0002}" +
        "h1{font-size:1.4em;margin-top:0}label{display:block;margin:1em 0 .3em}input{width:100%;box-sizing:border-box;padding:.5em;font:inherit}" +
        "button{margin-top:1.5em;width:100%;padding:.6em;font:inherit;background:#2557d6;color:#fff;border:0;border-radius:4px}" +
        ".error{background:#fde8e8;color:#9b1c1c;padding:.6em;border-radius:4px}.note{color:#666;font-size:.9em}";

    public static string SignIn(PageContext page, string? email, string? error) => Render(page, "Sign in", error, form => form
        .Append(Field("email", "Email", "email", "username", email))
        .Append(Field("password", "Password", "password", "current-password", null))
        .Append("<button type=submit>Sign in</button>"),
        $"No account? <a id=sign-up href=\"{E(page.SignUpUrl)}\">Sign up</a>");

    public static string SignUp(PageContext page, string? name, string? email, string? error) => Render(page, "Create an account", error, form => form
        .Append(Field("name", "Name", "text", "name", name))
        .Append(Field("email", "Email", "email", "username", email))
        .Append(Field("password", "Password (8 to 128 characters)", "password", "new-password", null))
        .Append("<button type=submit>Sign up</button>"),
        $"Have an account? <a id=sign-in href=\"{E(page.SignInUrl)}\">Sign in</a>");

    /// <summary>Where a sign-in lands when it was not part of an authorization request.</summary>
    public static string SignedIn(string email) =>
        $"<!doctype html><html><head><meta charset=utf-8><title>Signed in</title><style>{Style}</style></head>" +
        $"<body><main><h1>Signed in</h1><p>You are signed in as <b id=signed-in-as>{E(email)}</b>.</p></main></body></html>";

    private static string Render(PageContext page, string title, string? error, Func<StringBuilder, StringBuilder> fields, string footer)
    {
        var html = new StringBuilder()
            .Append($"<!doctype html><html><head><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>{E(title)}</title>")
            .Append($"<style>{Style}</style></head><body><main><h1>{E(title)}</h1>");
        if (page.ClientId is not null)
        {
            html.Append($"<p class=note>to continue to <b>{E(page.ClientId)}</b></p>");
        }

        if (error is not null)
        {
            html.Append($"<p class=error role=alert>{E(error)}</p>");
        }

        html.Append($"<form method=post action=\"{E(page.FormAction)}\">")
            .Append($"<input type=hidden name=\"{E(page.AntiforgeryField)}\" value=\"{E(page.AntiforgeryToken)}\">");
        fields(html);
        return html.Append($"</form><p class=note>{footer}</p>")
            .Append("<p class=note>Local Auther: test infrastructure, not a production IdP.</p></main></body></html>")
            .ToString();
    }

    private static string Field(string name, string label, string type, string autocomplete, string? value) =>
        $"<label for={name}>{E(label)}</label><input id={name} name={name} type={type} autocomplete={autocomplete} required" +
        (value is null ? ">" : $" value=\"{E(value)}\">");

    private static string E(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>What a page needs to know about its request: its URLs (with the authorize query) and the antiforgery token.</summary>
internal sealed record PageContext(string FormAction, string SignInUrl, string SignUpUrl, string? ClientId, string AntiforgeryField, string AntiforgeryToken);
