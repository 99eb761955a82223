using ChatCommerce.Web;

var app = ChatCommerceApp.Build(args);
app.Run();
