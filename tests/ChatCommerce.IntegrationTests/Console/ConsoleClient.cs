using System.Net;
using System.Text.RegularExpressions;
using ChatCommerce.Domain.Staff;
using ChatCommerce.Web.Console;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>A browser without a browser: cookies, the anti-forgery token of the last page, form posts.</summary>
public sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClient _http;

    public ConsoleClient(string baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    }

    public CookieContainer Cookies { get; }

    /// <summary>The anti-forgery token of the last page read.</summary>
    public string Token { get; private set; } = "";

    public async Task<(HttpStatusCode Status, string Html, string? Location)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        if (TokenField().Match(html) is { Success: true } match)
        {
            Token = WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        return (response.StatusCode, html, response.Headers.Location?.ToString());
    }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> PostAsync(string path, IDictionary<string, string> fields, bool withToken = true)
    {
        var form = new Dictionary<string, string>(fields);
        if (withToken)
        {
            form["__RequestVerificationToken"] = Token;
        }

        using var response = await _http.PostAsync(path, new FormUrlEncodedContent(form));
        var html = await response.Content.ReadAsStringAsync();
        if (TokenField().Match(html) is { Success: true } match)
        {
            Token = WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        return (response.StatusCode, html, response.Headers.Location?.ToString());
    }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> SignInAsync(string email, string password)
    {
        await GetAsync("/console/login");
        return await PostAsync("/console/login", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A staff account, made the way the owner's form makes it.</summary>
    public static async Task AddStaffAsync(Support.TestHost host, string email, string password)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (account, problem) = await scope.ServiceProvider.GetRequiredService<ConsoleAuth>().CreateAsync(email, "Nok", ConsoleRoles.Staff, password, "test", CancellationToken.None);
        Assert.True(account is not null, problem);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
