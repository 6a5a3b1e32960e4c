/**
 * Examples shown after each command's `--help`, as a user types them. `test/cli.test.ts`
 * checks that every command has some, that each uses only options its command accepts, and
 * runs the ones that need nothing but the offline Bedrock.
 */
import type { Command } from "commander";

/** Example lines by command path (`invoke`, `kb ask` …), without the leading `bedrock-kit`. */
export const helpExamples: Readonly<Record<string, readonly string[]>> = {
  models: ["models --provider anthropic", "models --family openai-chat --json"],
  invoke: ['--offline invoke -m amazon.nova-micro-v1:0 "Why is my BGP circuit down?"', 'invoke -m us.anthropic.claude-haiku-4-5-20251001-v1:0 -s "Answer in one line." --max-tokens 200 "What is BGP?"'],
  stream: ['--offline stream -m us.anthropic.claude-haiku-4-5-20251001-v1:0 --max-tokens 300 --max-usd 0.01 "Summarize: the fibre link was cut at noon"', '--offline --json stream -m amazon.nova-lite-v1:0 "One line on DWDM"'],
  tokens: ['--offline tokens -m us.anthropic.claude-haiku-4-5-20251001-v1:0 "How many tokens is this?"'],
  cost: ["cost -m amazon.nova-lite-v1:0 --input 12000 --output 800", "--json cost -m us.anthropic.claude-haiku-4-5-20251001-v1:0 --input 1000000"],
  estimate: ['--offline estimate -m amazon.nova-micro-v1:0 --max-tokens 500 "Summarize the outage log"'],
  embed: ['--offline embed -m amazon.titan-embed-text-v2:0 --dimensions 256 "BGP session down" "fibre cut"'],
  image: ['--offline image -m stability.sd3-5-large-v1:0 -o tower.png --width 1024 --height 1024 --seed 7 "a cell tower at dawn"'],
  rerank: ['--offline rerank -m cohere.rerank-v3-5:0 -q "BGP down" --top 1 "BGP runbook" "Billing FAQ"'],
  "batch submit": ["batch submit -m amazon.nova-micro-v1:0 --requests requests.jsonl --input-s3 s3://my-bucket/in/ --output-s3 s3://my-bucket/out/ --role arn:aws:iam::123456789012:role/batch --wait"],
  "batch status": ["batch status arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abc123"],
  "batch results": ["--json batch results arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abc123"],
  "kb ingest": ["--offline kb --store ./kb ingest examples/data/telecom"],
  "kb sync": ["--offline kb --store ./kb sync examples/data/telecom"],
  "kb ask": ['--offline kb --store ./kb ask "Why is my BGP circuit down?"'],
  "agent run": ['--offline agent run agent.json "Is ticket NET-4521 still open?"', 'agent run agent.json --session user-42 --session-dir ./sessions "And the ETA?"'],
  "audit verify": ["audit verify ./audit.jsonl", "audit verify ./audit.jsonl --key $AUDIT_KEY"],
  local: ["local --port 8787"],
  doctor: ["doctor", "doctor -m us.anthropic.claude-haiku-4-5-20251001-v1:0 --region us-west-2"],
};

/** The path of a command below the program, e.g. `kb ask`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}

/** Adds the examples to each command's `--help`. */
export function addHelpExamples(program: Command): void {
  const visit = (command: Command): void => {
    const examples = helpExamples[commandPath(command)];
    if (examples) command.addHelpText("after", `\nExamples:\n${examples.map((example) => `  $ bedrock-kit ${example}`).join("\n")}\n`);
    command.commands.forEach(visit);
  };
  program.commands.forEach(visit);
}
