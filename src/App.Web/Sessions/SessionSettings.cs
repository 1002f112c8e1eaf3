using System.ComponentModel.DataAnnotations;

namespace App.Web.Sessions;

/// <summary>The signed-in session (section <c>Session</c>).</summary>
public sealed class SessionSettings
{
    public const string SectionName = "Session";

    /// <summary>A session unused this long ends (sliding); the row is then deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How long before the API token expires it is renewed: by the refresh token where that yields one, otherwise the
    /// page makes a silent sign-in round trip (Auther's refresh gives no new id_token).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The session cookie's name; it holds only a reference to the server-side session.</summary>
    [Required]
    public string CookieName { get; set; } = "app_web";
}
