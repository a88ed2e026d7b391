using Korus.Cli;

return await KorusApp.RunAsync(args, CliConsole.System(), CancellationToken.None);
