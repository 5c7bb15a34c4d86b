using Kiln.Cli;
using Kiln.Cli.Commands;
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
// Run as `gopackagesdriver` (a link go/packages finds on PATH), kiln is the driver: the words are its queries.
if (PackagesDriverCommand.DriverNames.Contains(Path.GetFileNameWithoutExtension(PackagesDriverCommand.InvokedAs())))
    args = [PackagesDriverCommand.Name, "--", .. args];
return await app.RunAsync(args, cts.Token);
