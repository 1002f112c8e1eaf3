using System.CommandLine;
using System.Net.Http.Json;
using Auther.Dev.Operator;

namespace Auther.Dev.Cli;

/// <summary>
/// <c>operator ban|unban|remove|set-role|revoke-sessions --user ID</c>: an operator's change in Auther's admin UI,
/// made on a running <c>serve</c> through its loopback dev route (so it emits exactly what that mode emits).
/// </summary>
internal static class OperatorCommand
{
    public static Command Create()
    {
        var action = new Argument<string>("action") { Description = string.Join(", ", OperatorEndpoints.Actions) };
        action.AcceptOnlyFromAmong(OperatorEndpoints.Actions);
        var user = new Option<string>("--user") { Description = "The user's id.", Required = true };
        var reason = new Option<string?>("--reason") { Description = "ban: the reason shown to the user." };
        var expiresIn = new Option<string?>("--expires-in") { Description = "ban: e.g. 1h, 7d (default: for ever)." };
        var role = new Option<string?>("--role") { Description = "set-role: e.g. admin, user." };
        var url = new Option<string>("--url") { Description = "The running local Auther.", DefaultValueFactory = _ => "http://localhost:5090" };

        var command = new Command("operator", "Change a user as an operator in Auther's admin UI would (deployed mode: no webhook).");
        command.Arguments.Add(action);
        foreach (var option in new Option[] { user, reason, expiresIn, role, url })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(url)!.TrimEnd('/') + "/") };
            var body = new
            {
                userId = parse.GetValue(user),
                reason = parse.GetValue(reason),
                expiresIn = parse.GetValue(expiresIn) is { } text ? (long?)Durations.Parse(text).TotalSeconds : null,
                role = parse.GetValue(role),
            };
            using var response = await http.PostAsJsonAsync($"api/auth/dev/operator/{parse.GetValue(action)}", body, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"Auther.Dev: operator {parse.GetValue(action)} answered {(int)response.StatusCode}: {answer}");
                return 1;
            }

            Console.WriteLine(answer);
            return 0;
        });
        return command;
    }
}
