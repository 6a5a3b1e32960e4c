/**
 * The commands of `bedrock-kit` (api.md's CLI section) on commander. Every command takes
 * `--offline`, `--region`, `--profile`, `--endpoint` and `--json`; `runCli` returns the
 * exit code: 0 done, 1 the call failed, 2 bad usage or input, 3 no credentials or no access.
 */
import { Command, CommanderError } from "commander";
import { BedrockKitError } from "../index.js";
import { addAgentCommands } from "./commands-agent.js";
import { addBatchCommands } from "./commands-batch.js";
import { addCallCommands } from "./commands-calls.js";
import { addKnowledgeBaseCommands } from "./commands-kb.js";
import { addMediaCommands } from "./commands-media.js";
import { addToolCommands } from "./commands-tools.js";
import { addHelpExamples } from "./help-examples.js";
import { ReportedFailure, UsageError } from "./input.js";
import { processOutput, type Output } from "./output.js";

/** Exit codes (docs/cli.md). */
export const exitCodes = { done: 0, failed: 1, usage: 2, credentials: 3 } as const;

/** Codes of errors that mean the input was wrong, not the call. */
const usageCodes = new Set(["ValidationError", "UnknownModel", "PolicyLimit"]);

/** Turns a failure into a message for people and an exit code; the stack only with `--debug`. */
function report(output: Output, error: unknown, debug: boolean): number {
  if (debug && error instanceof Error && error.stack) output.error(`${error.stack}\n`);
  if (error instanceof ReportedFailure) return exitCodes.failed;
  if (error instanceof UsageError) {
    output.error(`bedrock-kit: ${error.message}\n`);
    return exitCodes.usage;
  }
  if (!BedrockKitError.isInstance(error)) {
    output.error(`bedrock-kit: ${(error as Error)?.message ?? String(error)}\n`);
    return exitCodes.failed;
  }
  const kitError = error as BedrockKitError;
  if (kitError.code === "CredentialsProviderError" || kitError.code === "TokenProviderError") {
    output.error(
      "bedrock-kit: no AWS credentials were found.\n" +
        "  Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure` (or pass --profile NAME),\n" +
        "  set a Bedrock API key in AWS_BEARER_TOKEN_BEDROCK,\n" +
        "  or add --offline to use the offline Bedrock, which needs no account.\n",
    );
    return exitCodes.credentials;
  }
  output.error(`bedrock-kit: ${kitError.message}\n`);
  if (kitError.name === "AccessDeniedError") return exitCodes.credentials;
  if (kitError.name === "ValidationError" || kitError.name === "UnknownModelError" || usageCodes.has(kitError.code)) return exitCodes.usage;
  return exitCodes.failed;
}

/** Builds the program; `output` receives everything it prints. */
export function buildProgram(output: Output): Command {
  const program = new Command("bedrock-kit")
    .description("Every Amazon Bedrock model behind one interface: calls, tokens, costs, the offline Bedrock.")
    .option("--offline", "use the offline Bedrock in this process (no AWS account needed)")
    .option("--region <region>", "AWS Region (default: AWS_REGION, then the profile's, then us-east-1)")
    .option("--profile <name>", "AWS profile from ~/.aws/config")
    .option("--endpoint <url>", "Bedrock Runtime endpoint URL (a VPC endpoint, a proxy, `bedrock-kit local`)")
    .option("--json", "print JSON for scripts")
    .option("--debug", "print the stack of an error")
    .showHelpAfterError('(run "bedrock-kit --help" or "bedrock-kit COMMAND --help" for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.out(text), writeErr: (text) => output.error(text) });
  addCallCommands(program, output);
  addMediaCommands(program, output);
  addToolCommands(program, output);
  addBatchCommands(program, output);
  addAgentCommands(program, output);
  addKnowledgeBaseCommands(program, output);
  addHelpExamples(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (text) => output.out(text), writeErr: (text) => output.error(text) });
  return program;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: string[], output: Output = processOutput()): Promise<number> {
  const program = buildProgram(output);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCodes.done;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with code 0; a bad flag or a missing argument is usage.
      return error.exitCode === 0 ? exitCodes.done : exitCodes.usage;
    }
    return report(output, error, argv.includes("--debug"));
  }
}
