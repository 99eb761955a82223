using ChatCommerce.Web;
using ChatCommerce.Web.Console;

if (args.Length > 0 && args[0] == "create-owner")
{
    // One-time: the first owner of the staff console, when configuration does not name one.
    return await ConsoleOwnerCommand.RunAsync(args[1..]);
}

var app = ChatCommerceApp.Build(args);
app.Run();
return 0;
