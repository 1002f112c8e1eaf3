namespace Interop.Tests.Infrastructure;

/// <summary>
/// The app as it runs against the deployed Auther for months: it signs in as the service admin itself
/// (<c>Auther:AdminAuth=SignIn</c>) instead of holding a cookie an operator pasted in.
/// </summary>
public sealed class SignInAdminFixture : InteropFixture
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings.Remove("Auther:AdminSessionToken");
        settings["Auther:AdminAuth"] = "SignIn";
        settings["Auther:AdminEmail"] = AdminEmail;
        settings["Auther:AdminPassword"] = AdminPassword;
        return settings;
    }
}
