namespace Interop.Tests.Infrastructure;

/// <summary>
/// The app as it runs against the deployed Auther for months: it signs in as the service admin itself
/// (<c>Auther:AdminAuth=SignIn</c>) and polls better-auth's user list for changes nobody announces.
/// </summary>
public sealed class SignInAdminFixture : InteropFixture
{
    /// <summary>How often the app polls better-auth's user list in this fixture.</summary>
    public static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings.Remove("Auther:AdminSessionToken");
        settings["Auther:AdminAuth"] = "SignIn";
        settings["Auther:AdminEmail"] = AdminEmail;
        settings["Auther:AdminPassword"] = AdminPassword;
        settings["Sync:Interval"] = SyncInterval.ToString("c");
        return settings;
    }
}
