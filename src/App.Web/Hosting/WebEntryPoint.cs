namespace App.Web.Hosting;

/// <summary>
/// Names this assembly for <c>WebApplicationFactory&lt;T&gt;</c>: its <c>Program</c> stays internal, so a test host that
/// also references the API (whose <c>Program</c> is public) sees only one type of that name.
/// </summary>
public sealed class WebEntryPoint;
