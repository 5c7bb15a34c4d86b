using Kiln.Cli;
using Kiln.Cli.Rendering;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
var host = HostEnvironment.FromProcess();
var terminal = new TerminalInfo(!Console.IsErrorRedirected, !Console.IsOutputRedirected, host.LiveProgressAllowed);
var app = new KilnApp(host, Console.Out, Console.Error, terminal);
return await app.RunAsync(args, cts.Token);
