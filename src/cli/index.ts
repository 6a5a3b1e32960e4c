/**
 * The `bedrock-kit` command. The AWS SDK's Node-version notice is turned off before the SDK
 * loads (a CLI's output is for people and scripts); then the program runs and sets the
 * exit code (docs/cli.md lists them).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { runCli } = await import("./program.js");
process.exitCode = await runCli(process.argv.slice(2));
