using System.Net;
using System.Text;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Keys;
using Auther.Dev.Users;

namespace Auther.Dev.Dashboard;

/// <summary>The one page a developer opens to see what happened: users, keys, deliveries. Plain HTML, no script.</summary>
internal static class DashboardPage
{
    private const string Style =
        "body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:2em}" +
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}" +
        "code,textarea{font:12px ui-monospace,monospace}.Failed{color:#b00}.Delivered{color:#070}.Held,.Retrying{color:#a60}" +
        "form{display:inline}.note{color:#666}";

    public static string Render(AutherDevCore core)
    {
        var html = new StringBuilder();
        Open(html, "Local Auther", refresh: true);
        html.Append($"<p class=note>Test infrastructure, not a production IdP. Issuer <code>{E(core.Server.Issuer)}</code>, audience <code>{E(core.Server.Audience)}</code>, mode {core.Server.Mode}.</p>");

        html.Append("<h2>Users</h2><table><tr><th>id</th><th>email</th><th>name</th><th>role</th><th>banned</th><th></th></tr>");
        foreach (var user in core.Users.All)
        {
            html.Append($"<tr><td><code>{E(user.Id)}</code></td><td>{E(user.Email)}</td><td>{E(user.Name)}</td><td>{E(user.Role)}</td><td>{(user.Banned ? "yes" : "")}</td>")
                .Append($"<td><form method=post action=\"/dev/users/{Uri.EscapeDataString(user.Id)}/token\"><button>Mint token</button></form>");
            foreach (var client in core.Options.OidcClients)
            {
                html.Append($" <form method=post action=\"/dev/users/{Uri.EscapeDataString(user.Id)}/id-token/{Uri.EscapeDataString(client.ClientId)}\"><button>id_token for {E(client.ClientId)}</button></form>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table><h2>Signing keys</h2><table><tr><th>kid</th><th>alg</th><th>created</th><th>retires</th></tr>");
        foreach (var key in core.Keys.Published)
        {
            html.Append($"<tr><td><code>{E(key.Kid)}</code></td><td>{key.Algorithm}</td><td>{AutherJson.Iso(key.CreatedAt)}</td><td>{(key.RetiresAt is { } r ? AutherJson.Iso(r) : "current")}</td></tr>");
        }

        var held = core.DeliveryQueue.IsHeld;
        html.Append("</table><h2>Webhook deliveries</h2>")
            .Append($"<p>Endpoints: {string.Join(", ", core.Endpoints.All.Select(e => $"<code>{E(e.Url)}</code> ({e.Format})"))}. ")
            .Append($"Deliveries are {(held ? "<b>held</b>" : "flowing")}. ")
            .Append($"<form method=post action=\"/dev/webhooks/{(held ? "release" : "hold")}\"><button>{(held ? "Release" : "Hold")}</button></form></p>")
            .Append("<table><tr><th>event</th><th>type</th><th>endpoint</th><th>attempts</th><th>status</th><th>last</th><th></th></tr>");
        foreach (var d in core.Deliveries.Snapshot().Reverse())
        {
            html.Append($"<tr><td><code>{E(d.Id)}</code>{(d.IsDuplicate ? " (dup)" : "")}</td><td>{E(d.Type)}</td><td>{E(d.EndpointUrl)}</td><td>{d.Attempts}</td>")
                .Append($"<td class={d.Status}>{d.Status}</td><td>{d.LastStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? E(d.LastError ?? "")}</td>")
                .Append($"<td><form method=post action=\"/dev/deliveries/{E(d.DeliveryId)}/resend\"><button>Resend</button></form></td></tr>");
        }

        html.Append("</table></body></html>");
        return html.ToString();
    }

    public static string RenderToken(UserAccount user, string token, string kind, AutherDevCore core)
    {
        var html = new StringBuilder();
        Open(html, $"Token for {user.Email}", refresh: false);
        html.Append($"<p>{E(kind)} for <b>{E(user.Email)}</b> (<code>{E(user.Id)}</code>), signed with the current key:</p>")
            .Append($"<textarea rows=8 cols=100 readonly>{E(token)}</textarea>")
            .Append($"<p>Try it: <code>curl -H \"Authorization: Bearer {E(token)}\" {E(core.Options.AppUrl.TrimEnd('/'))}/api/me</code></p>")
            .Append("<p><a href=\"/\">Back</a></p></body></html>");
        return html.ToString();
    }

    private static void Open(StringBuilder html, string title, bool refresh) =>
        html.Append($"<!doctype html><html><head><meta charset=utf-8><title>{E(title)}</title>")
            .Append(refresh ? "<meta http-equiv=refresh content=5>" : "")
            .Append($"<style>{Style}</style></head><body><h1>{E(title)}</h1>");

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
