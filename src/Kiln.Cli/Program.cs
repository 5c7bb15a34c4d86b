using Kiln.Cli;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
var app = new KilnApp(HostEnvironment.FromProcess(), Console.Out, Console.Error);
return await app.RunAsync(args, cts.Token);
