using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatCommerce.Web.Admin;

/// <summary>Documents the owner API's bearer key in the OpenAPI document.</summary>
public sealed class BearerKeyDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "ChatCommerce owner API";
        document.Info.Description = "Products, stock and orders of the shop. Send `Authorization: Bearer <ChatCommerce:Admin:ApiKey>`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The shop's API key (ChatCommerce:Admin:ApiKey).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
