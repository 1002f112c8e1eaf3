using Auther.Dev.Hosting;
using Auther.Dev.Sessions;
using Auther.Dev.Users;
using Microsoft.AspNetCore.Antiforgery;

namespace Auther.Dev.SignInPages;

/// <summary>
/// Auther's own sign-in page at the oidc plugin's <c>loginPage</c> (<c>/sign-in</c>) and its sign-up page, in both
/// modes. A successful form sets the session cookie and goes back to <c>/api/auth/oauth2/authorize</c> with the
/// original query, which then redirects to the client with a code. The forms carry an antiforgery token (login CSRF).
/// </summary>
internal static class SignInPageEndpoints
{
    public const string SignUpPath = "/sign-up";

    private const string FormExpired = "This form has expired. Please try again.";

    public static void MapSignInPages(this IEndpointRouteBuilder app, AutherDevOptions options)
    {
        // A login page elsewhere (another site) is that site's to serve.
        var signInPath = options.LoginPage.StartsWith('/') ? options.LoginPage : "/sign-in";
        app.MapGet(signInPath, (HttpContext http, AutherDevCore core, IAntiforgery antiforgery) =>
            Page(http, SignInPageHtml.SignIn(Context(http, core, antiforgery, signInPath), email: null, error: null)));
        app.MapPost(signInPath, (HttpContext http, AutherDevCore core, IAntiforgery antiforgery) => SignInAsync(http, core, antiforgery, signInPath));
        app.MapGet(SignUpPath, (HttpContext http, AutherDevCore core, IAntiforgery antiforgery) =>
            Page(http, SignInPageHtml.SignUp(Context(http, core, antiforgery, signInPath), name: null, email: null, error: null)));
        app.MapPost(SignUpPath, (HttpContext http, AutherDevCore core, IAntiforgery antiforgery) => SignUpAsync(http, core, antiforgery, signInPath));
    }

    private static async Task<IResult> SignInAsync(HttpContext http, AutherDevCore core, IAntiforgery antiforgery, string signInPath)
    {
        var form = await FormAsync(http);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var (refusal, status) = !await IsValidAsync(http, antiforgery) ? (FormExpired, 400)
            : email.Length == 0 || password.Length == 0 ? ("Enter your email and password.", 400)
            : ((string?)null, 200);
        if (refusal is null)
        {
            try
            {
                var session = core.SignIns.SignInWithPassword(email, password, UserAgent(http), IpAddress(http));
                return SignedIn(http, core, session);
            }
            catch (AutherDevException ex)
            {
                (refusal, status) = (Message(ex), ex.Status);
            }
        }

        return Page(http, SignInPageHtml.SignIn(Context(http, core, antiforgery, signInPath), email, refusal), status);
    }

    private static async Task<IResult> SignUpAsync(HttpContext http, AutherDevCore core, IAntiforgery antiforgery, string signInPath)
    {
        var form = await FormAsync(http);
        var name = form["name"].ToString().Trim();
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var refusal = !await IsValidAsync(http, antiforgery) ? FormExpired
            : name.Length == 0 ? "Enter your name."
            : !UserService.IsValidEmail(email) ? "Enter a valid email address."
            : PasswordHasher.Refusal(password) is not null ? "The password must have 8 to 128 characters."
            : null;
        if (refusal is null)
        {
            try
            {
                // No mail goes out from here: the address counts as verified, and the new user is signed in at once
                // (the deployed Auther signs in after the verification link, autoSignInAfterVerification).
                var user = core.Users.Create(email, name, emailVerified: true, password: password);
                var session = core.Sessions.ToPublic(core.Sessions.Start(user, UserAgent(http), IpAddress(http)).Session);
                return SignedIn(http, core, session);
            }
            catch (AutherDevException ex) when (ex.Code == "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL")
            {
                refusal = "An account with this email already exists: sign in instead.";
            }
        }

        return Page(http, SignInPageHtml.SignUp(Context(http, core, antiforgery, signInPath), name, email, refusal), 400);
    }

    /// <summary>Sets the session cookie and continues the authorization request, or says who is signed in when there is none.</summary>
    private static IResult SignedIn(HttpContext http, AutherDevCore core, AutherSession session)
    {
        http.Response.Headers.Append("Set-Cookie", SessionCookie.SetCookie(session.SignedCookie, core.Options.SessionLifetime));
        return AuthorizeReturn.Url(http.Request.Query, core) is { } authorize
            ? Results.Redirect(authorize)
            : Page(http, SignInPageHtml.SignedIn(core.Users.Find(session.UserId)?.Email ?? ""));
    }

    private static PageContext Context(HttpContext http, AutherDevCore core, IAntiforgery antiforgery, string signInPath)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var query = AuthorizeReturn.Query(http.Request.Query);
        return new PageContext(
            http.Request.Path + query, signInPath + query, SignUpPath + query, AuthorizeReturn.ClientName(http.Request.Query, core),
            tokens.FormFieldName, tokens.RequestToken!);
    }

    private static IResult Page(HttpContext http, string html, int status = 200)
    {
        // Never cached (it holds a form token), never framed (clickjacking a password form).
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static async Task<IFormCollection> FormAsync(HttpContext http) =>
        http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : FormCollection.Empty;

    private static async Task<bool> IsValidAsync(HttpContext http, IAntiforgery antiforgery) =>
        http.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(http);

    private static string Message(AutherDevException ex) => ex.Code switch
    {
        "BANNED_USER" => "This account has been banned.",
        "EMAIL_NOT_VERIFIED" => "Verify your email address before signing in.",
        _ => "Invalid email or password.",
    };

    private static string UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString();

    private static string IpAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
}
