using TaskFlow.Schema.Tool;

return await Cli.RunAsync(args);
