using ChatCommerce.Simulator;

var app = SimulatorApp.Build(args);
app.Run();
