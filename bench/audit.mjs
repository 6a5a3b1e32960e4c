// What the audit log costs a busy client: rounds of 64 concurrent invokes with and without
// `audit: auditLog({ path })`, interleaved, against an offline Bedrock in its own process.
//
//   npm run build && node bench/audit.mjs [rounds]
//
// Prints the median wall time of a round for each variant and their ratio (issue 13's
// target: at most 1.1×). The log lives in a temporary folder on the same disk as /tmp.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { auditLog, createClient } from "../dist/index.js";

const rounds = Number(process.argv[2] ?? "200");
const server = spawn(process.execPath, ["--input-type=module", "-e", `
  const { startLocalBedrock } = await import(${JSON.stringify(new URL("../dist/testing/index.js", import.meta.url).href)});
  const bedrock = await startLocalBedrock();
  console.log(bedrock.url);
`], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve) => server.stdout.once("data", (data) => resolve(String(data).trim())));

const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-audit-bench-"));
const credentials = { accessKeyId: "AKIABENCH00000000000", secretAccessKey: "bench-secret" };
const plain = createClient({ region: "us-east-1", credentials, endpoint: url });
const audited = createClient({ region: "us-east-1", credentials, endpoint: url, audit: auditLog({ path: join(folder, "audit.jsonl") }) });
const request = { modelId: "anthropic.claude-3-haiku-20240307-v1:0", prompt: "Summarize the outage log in one paragraph.", maxTokens: 256 };
const round = async (fm) => {
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: 64 }, () => fm.invoke(request)));
  return performance.now() - startedAt;
};

for (let warm = 0; warm < 20; warm++) await round(warm % 2 ? plain : audited);
const times = { plain: [], audited: [] };
for (let index = 0; index < rounds; index++) {
  // Alternate which goes first so that drift in the machine's load falls on both alike.
  const order = index % 2 ? ["plain", "audited"] : ["audited", "plain"];
  for (const name of order) times[name].push(await round(name === "plain" ? plain : audited));
}
const median = (values) => values.sort((first, second) => first - second)[Math.floor(values.length / 2)];
const withoutLog = median(times.plain);
const withLog = median(times.audited);
console.log(`64 concurrent invokes, median of ${rounds} rounds: ${withoutLog.toFixed(2)} ms without the audit log, ${withLog.toFixed(2)} ms with it: ${(withLog / withoutLog).toFixed(3)}×`);
server.kill();
rmSync(folder, { recursive: true, force: true });
