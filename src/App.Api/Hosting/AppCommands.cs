using System.CommandLine;
using App.Api.Auth.Legacy;
using App.Api.Database;
using App.Api.IdentityProvider;
using App.Api.Sync;
using Microsoft.Extensions.Options;

namespace App.Api.Hosting;

/// <summary>
/// Operations verbs of the same binary (<c>App.Api migrate</c>...). They build the app's services exactly
/// as the web host does, but start no server.
/// </summary>
public static class AppCommands
{
    private static readonly string[] Verbs = ["migrate", "create-legacy-session", "import-users", "reconcile", "sync"];

    /// <summary>What <c>--help</c> says about serving, the default when no verb is given.</summary>
    private const string Usage = """
        App API: an ASP.NET Core web API whose users live in Auther.

        Serve (no verb): App.Api [--urls http://localhost:5080] [--migrate] [--contentRoot DIR] [--Section:Key=value ...]
          --migrate applies pending migrations before serving; any setting may also be given as an environment
          variable (Section__Key) or on the command line.

        Required settings (environment variable, or its alias):
          ConnectionStrings__Default    PostgreSQL connection (DATABASE_URL=postgres://...)
          Auther__Url                   Auther's base URL (AUTHER_URL)
          Auther__Audiences__0          accepted token audiences, one per index: the session JWT's, then each
                                        OAuth client id (AUTHER_AUDIENCE, comma-separated)
          Auther__WebhookSecrets__0     webhook signing secret, >= 32 chars (AUTHER_INBOUND_WEBHOOK_SECRET)
          Auther__SignupSecret          sign-up gate secret, Auther's PAYLOAD_CLIENT_SECRET; shorter than 32 chars
                                        is allowed with a warning (AUTHER_SIGNUP_SECRET)
          admin calls to Auther, one of (Auther__AdminAuth picks; unset, the first one given here):
            Auther__AdminEmail + Auther__AdminPassword   SignIn: a service admin's sign-in, for a deployed
                                        Auther (AUTHER_ADMIN_EMAIL, AUTHER_ADMIN_PASSWORD)
            Auther__AdminSessionToken   SessionCookie: a signed session cookie (AUTHER_ADMIN_SESSION_TOKEN)
            Auther__AdminApiKey         ApiKey: a service API key, the local Auther's (AUTHER_ADMIN_API_KEY)
        Every setting: docs/configuration.md. The verbs below are operations tasks; each exits when done.
        """;

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (Verbs.Contains(args[0]) || args[0] is "--help" or "-h" or "-?" or "help" or "--version");

    /// <summary>
    /// A first argument that is neither a verb nor a setting: a typo (<c>App.Api migrat</c>) must not start a server.
    /// Settings are <c>--Key value</c>, <c>--Key=value</c>, <c>/Key value</c> or <c>Key=value</c>, so a bare word is a verb.
    /// </summary>
    public static string? UnknownVerb(string[] args) =>
        args.Length > 0 && !IsCommand(args) && !args[0].StartsWith('-') && !args[0].StartsWith('/') && !args[0].Contains('=')
            ? args[0]
            : null;

    /// <summary>Refuses <paramref name="verb"/> with one line on stderr; exit code 2, as for any other usage error.</summary>
    public static int RefuseUnknownVerb(string verb)
    {
        Console.Error.WriteLine(
            $"Unknown command '{verb}'. Known commands: {string.Join(", ", Verbs)}; --help lists them; with no command (or only --Key value settings) the API serves.");
        return 2;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // RootCommand brings --help and --version (the assembly's informational version).
        var root = new RootCommand(Usage);

        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction((_, cancellationToken) => WithServicesAsync(async services =>
        {
            try
            {
                await services.MigrateDatabaseAsync(cancellationToken);
                return 0;
            }
            catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
            {
                await Console.Error.WriteLineAsync(MigrationFailure(services, ex));
                return 1;
            }
        }));
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(CreateLegacySessionCommand());
        root.Subcommands.Add(ImportUsersCommand());
        root.Subcommands.Add(ReconcileCommand());
        root.Subcommands.Add(SyncCommand());

        return await root.Parse(args).InvokeAsync();
    }

    private static Command CreateLegacySessionCommand()
    {
        var userId = new Option<string>("--user-id") { Description = "Id of an existing shadow user", Required = true };
        var hours = new Option<int>("--hours") { Description = "Session lifetime in hours", DefaultValueFactory = _ => 168 };
        var command = new Command("create-legacy-session", "Create a pre-Auther session for a user and print its token (dual-mode demos and tests).");
        command.Options.Add(userId);
        command.Options.Add(hours);
        command.SetAction((parse, cancellationToken) => WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var issuer = ActivatorUtilities.CreateInstance<LegacySessionIssuer>(scope.ServiceProvider);
            var token = await issuer.CreateAsync(parse.GetValue(userId)!, TimeSpan.FromHours(parse.GetValue(hours)), cancellationToken);
            if (token is null)
            {
                await Console.Error.WriteLineAsync($"No user '{parse.GetValue(userId)}' exists here; the user must have signed in once.");
                return 2;
            }

            Console.WriteLine(token);
            return 0;
        }));
        return command;
    }

    private static Command ImportUsersCommand()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be created; change nothing" };
        var pageSize = new Option<int>("--page-size") { Description = "Users per page", DefaultValueFactory = _ => 100 };
        var resumeFrom = new Option<string?>("--resume-from") { Description = "Start after this user id" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "File that records the last imported id; read at start, so a re-run resumes" };
        var command = new Command("import-users", "Push every local user to Auther (create-user keeping their ids). Idempotent and resumable.");
        command.Options.Add(dryRun);
        command.Options.Add(pageSize);
        command.Options.Add(resumeFrom);
        command.Options.Add(checkpoint);
        command.SetAction((parse, cancellationToken) => WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var import = ActivatorUtilities.CreateInstance<ImportUsers>(scope.ServiceProvider, Console.Out);
            try
            {
                var summary = await import.RunAsync(new ImportOptions(parse.GetValue(dryRun), Math.Clamp(parse.GetValue(pageSize), 1, 500),
                    parse.GetValue(resumeFrom), parse.GetValue(checkpoint)), cancellationToken);
                await summary.PrintAsync(Console.Out);
                return summary.Failures.Count == 0 ? 0 : 1;
            }
            catch (Errors.ProblemException ex)
            {
                await Console.Error.WriteLineAsync($"Import stopped: {ex.Title}: {ex.Detail}. Re-run to resume (use --checkpoint to remember the position).");
                return 3;
            }
        }));
        return command;
    }

    private static Command ReconcileCommand()
    {
        var delete = new Option<bool>("--delete") { Description = "Same as --on-missing Delete" };
        var onMissing = new Option<MissingUserAction?>("--on-missing") { Description = "Block, Delete or Report users Auther no longer has (default: Reconcile:OnMissing, normally Block)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would change; change nothing" };
        var command = new Command("reconcile", "Repair drift against Auther's user list: profiles, bans, users gone from Auther.");
        command.Options.Add(delete);
        command.Options.Add(onMissing);
        command.Options.Add(dryRun);
        command.SetAction((parse, cancellationToken) => WithServicesAsync(async services =>
        {
            var options = services.GetRequiredService<IOptions<ReconcileOptions>>().Value;
            var action = parse.GetValue(delete) ? MissingUserAction.Delete : parse.GetValue(onMissing) ?? options.ResolvedOnMissing;
            var report = await services.GetRequiredService<ReconcileService>().RunOnceAsync(action, parse.GetValue(dryRun), cancellationToken);
            await report.PrintAsync(Console.Out);
            return report.Skipped || report.PageFailure is not null || report.DeletionRefused is not null ? 1 : 0;
        }));
        return command;
    }

    private static Command SyncCommand()
    {
        var full = new Option<bool>("--full") { Description = "Read every Auther user, not only those changed since the stored watermark" };
        var command = new Command("sync", "Poll Auther once for users changed since the last poll and apply bans, roles and profiles.");
        command.Options.Add(full);
        command.SetAction((parse, cancellationToken) => WithServicesAsync(async services =>
        {
            var report = await services.GetRequiredService<SyncService>().RunOnceAsync(parse.GetValue(full), cancellationToken);
            Console.WriteLine(report.Summary());
            return report.Failure is null ? 0 : 1;
        }));
        return command;
    }

    /// <summary>One line naming where the migration tried to connect and why it could not (migrations use the direct connection).</summary>
    public static string MigrationFailure(IServiceProvider services, Exception exception)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var setting = database.DirectConnectionString is null ? "ConnectionStrings:Default or DATABASE_URL" : "ConnectionStrings:Direct";
        return $"{DatabaseFaults.DescribeUnreachable(exception, database.Direct, setting)}; migrations not applied.";
    }

    private static async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> action)
    {
        // appsettings*.json are copied next to the binary, so the verbs work from any working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.AddAppServices();
        await using var app = builder.Build();
        try
        {
            try
            {
                return await action(app.Services);
            }
            finally
            {
                // A verb that signed the service admin in signs it out: each run would otherwise leave a live session in Auther.
                await app.Services.GetRequiredService<AdminSession>()
                    .SignOutAsync(app.Services.GetRequiredService<IOptions<AutherClientOptions>>().Value.AdminTimeout);
            }
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {failure}");
            }

            return 1;
        }
        catch (Exception ex) when (ConfigurationErrors.IsConversionFailure(ex))
        {
            await Console.Error.WriteLineAsync(ConfigurationErrors.Describe(ex));
            return 1;
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            await Console.Error.WriteLineAsync(
                $"{DatabaseFaults.DescribeUnreachable(ex, database.ConnectionString, "ConnectionStrings:Default")}; nothing was done.");
            return 1;
        }
    }
}
