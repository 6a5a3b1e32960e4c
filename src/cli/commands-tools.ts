/** `audit verify`, `local` (serves the offline Bedrock) and `doctor`. */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { verifyAuditLog } from "../index.js";
import { startLocalBedrock } from "../testing/index.js";
import { optionsOf, ReportedFailure, wholeNumber } from "./input.js";
import { bold, printJson, type Output } from "./output.js";
import { withSession } from "./session.js";

/** One check of `doctor`: what was found and, when it is a problem, what to do. */
interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string | undefined;
}

/** Where the AWS SDK would find credentials, without reading any secret. */
function credentialSources(): string[] {
  const sources: string[] = [];
  if (process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) sources.push("AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY");
  if (process.env.AWS_BEARER_TOKEN_BEDROCK) sources.push("AWS_BEARER_TOKEN_BEDROCK");
  if (process.env.AWS_WEB_IDENTITY_TOKEN_FILE) sources.push("AWS_WEB_IDENTITY_TOKEN_FILE");
  if (process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI || process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) sources.push("the container credentials endpoint");
  const home = homedir();
  if (existsSync(process.env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"))) sources.push("~/.aws/credentials");
  if (existsSync(process.env.AWS_CONFIG_FILE ?? join(home, ".aws", "config"))) sources.push("~/.aws/config");
  return sources;
}

/** Adds the audit, local and doctor commands. */
export function addToolCommands(program: Command, output: Output): void {
  const audit = program.command("audit").description("the tamper-evident audit log");
  audit
    .command("verify")
    .description("check an audit log's hash chain and digest; exit code 1 names the first broken line")
    .argument("<path>", "the log file (rotated files beside it are checked too)")
    .option("--key <key>", "the HMAC key the log was written with")
    .action(async (path: string, _options, command: Command) => {
      const options = optionsOf<{ key?: string }>(command);
      const verification = await verifyAuditLog(path, options.key === undefined ? {} : { key: options.key });
      if (options.json) printJson(output, verification);
      else if (verification.ok) output.out(`ok: ${verification.entries} lines, chain and digest intact\n`);
      else output.out(`BROKEN at line ${verification.firstBrokenLine ?? "?"}${verification.file ? ` of ${verification.file}` : ""}: ${verification.reason ?? "unknown"}\n`);
      if (!verification.ok) process.exitCode = 1;
    });

  program
    .command("local")
    .description("serve the offline Bedrock on 127.0.0.1 until stopped (Ctrl-C)")
    .option("--port <n>", "port (default: a free one)")
    .action(async (_options, command: Command) => {
      const options = optionsOf<{ port?: string }>(command);
      const bedrock = await startLocalBedrock(options.port === undefined ? {} : { port: wholeNumber(options.port, "--port") });
      if (options.json) printJson(output, { url: bedrock.url });
      else output.out(`The offline Bedrock is at ${bedrock.url}\nPoint a client at it: createClient({ endpoint: "${bedrock.url}", region: "us-east-1" }) or --endpoint ${bedrock.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await bedrock.close();
    });

  program
    .command("doctor")
    .description("check credentials, Region and access, each with what to do")
    .option("-m, --model <id>", "a model to try one small call with", "amazon.nova-micro-v1:0")
    .action(async (_options, command: Command) => {
      const options = optionsOf<{ model: string }>(command);
      const checks: Check[] = [];
      const sources = credentialSources();
      if (options.offline) checks.push({ name: "credentials", ok: true, detail: "not needed: --offline uses the offline Bedrock" });
      else {
        const check: Check = { name: "credentials", ok: sources.length > 0, detail: sources.length > 0 ? `found: ${sources.join(", ")}` : "none found" };
        if (sources.length === 0) check.fix = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure`, or use --offline";
        checks.push(check);
      }
      const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
      const regionCheck: Check = { name: "region", ok: true, detail: region ?? "not set: the profile's Region, else us-east-1" };
      checks.push(regionCheck);
      await withSession(options, async (fm) => {
        try {
          const result = await fm.invoke({ modelId: options.model, prompt: "Say OK.", maxTokens: 5 });
          checks.push({ name: "model access", ok: true, detail: `${options.model} answered (${result.usage.inputTokens + result.usage.outputTokens} tokens${result.warnings.some((warning) => warning.type === "deprecated") ? "; it is being retired, see the warning" : ""})` });
        } catch (error) {
          const failure = error as Error & { code?: string };
          const fix =
            failure.code === "CredentialsProviderError" ? "set credentials (see above) or use --offline"
            : failure.name === "AccessDeniedError" ? `request access to ${options.model} in the Bedrock console (Model access) and allow bedrock:InvokeModel in IAM`
            : failure.name === "UnknownModelError" ? "run `bedrock-kit models` for the IDs bedrock-kit knows"
            : "check the Region (--region) and the network; the error above says more";
          checks.push({ name: "model access", ok: false, detail: `${failure.name}: ${failure.message}`, fix });
        }
      });
      if (options.json) printJson(output, checks);
      else for (const check of checks) output.out(`${check.ok ? "ok  " : bold(output, "FAIL")} ${check.name}: ${check.detail}${check.fix ? `\n      fix: ${check.fix}` : ""}\n`);
      if (checks.some((check) => !check.ok)) throw new ReportedFailure("doctor found a problem");
    });
}
