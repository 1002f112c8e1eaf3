using Auther.Dev.Cli;

return await AutherDevCli.RunAsync(args);
