using System.ComponentModel.DataAnnotations;

namespace App.Web.Proxy;

/// <summary>The API behind <c>/api/**</c> (section <c>Api</c>).</summary>
public sealed class ApiSettings
{
    public const string SectionName = "Api";

    [Required, Url]
    public string? Url { get; set; }

    /// <summary>
    /// The API's own audience: an access token that is a JWT for it (documented Auther) is forwarded; otherwise the
    /// id_token is (deployed Auther's access token is opaque; the API lists this client's id among its audiences).
    /// </summary>
    [Required]
    public string Audience { get; set; } = "app-api";
}
