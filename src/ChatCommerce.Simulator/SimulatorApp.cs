using ChatCommerce.Web;

namespace ChatCommerce.Simulator;

/// <summary>The product with the fake platforms and the chat simulator: one command, no credentials.</summary>
public static class SimulatorApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        ChatCommerceApp.Build(
            args,
            builder =>
            {
                // The product's settings (shop, logging) come with ChatCommerce.Web into this
                // host's output; they are read first, so everything else still overrides them.
                builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
                var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
                var product = sources[^1];
                sources.RemoveAt(sources.Count - 1);
                sources.Insert(0, product);
                configure?.Invoke(builder);
                builder.Services.AddSimulator(builder.Configuration);
            },
            map: app => app.MapSimulator(),
            home: "/simulator");
}
