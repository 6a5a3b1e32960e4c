// What the audit log costs a busy client: rounds of 64 concurrent invokes without an audit
// log, with `audit: auditLog({ path })` and with `auditLog({ path, key })` (HMAC-signed
// digest), interleaved, against an offline Bedrock in its own process.
//
//   npm run build && node bench/audit.mjs [rounds]
//
// Prints the median wall time of a round for each variant, their ratio to the round without a
// log (issue 13's target: at most 1.1×), and the load average before and after: the ratio
// drifts up on a loaded machine, where the durable write that ends a round waits for a CPU.
// The logs live in a temporary folder on the same disk as /tmp.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { auditLog, createClient } from "../dist/index.js";

const rounds = Number(process.argv[2] ?? "300");
const server = spawn(process.execPath, ["--input-type=module", "-e", `
  const { startLocalBedrock } = await import(${JSON.stringify(new URL("../dist/testing/index.js", import.meta.url).href)});
  const bedrock = await startLocalBedrock();
  console.log(bedrock.url);
`], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve) => server.stdout.once("data", (data) => resolve(String(data).trim())));

const load = () => loadavg().map((value) => value.toFixed(2)).join(" ");
const loadBefore = load();
const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-audit-bench-"));
const credentials = { accessKeyId: "AKIABENCH00000000000", secretAccessKey: "bench-secret" };
const options = { region: "us-east-1", credentials, endpoint: url };
const logs = { log: join(folder, "audit.jsonl"), "log+key": join(folder, "signed", "audit.jsonl") };
const clients = {
  "no log": createClient(options),
  log: createClient({ ...options, audit: auditLog({ path: logs.log }) }),
  "log+key": createClient({ ...options, audit: auditLog({ path: logs["log+key"], key: "a-bench-key-of-32-characters-!!!" }) }),
};
const request = { modelId: "anthropic.claude-3-haiku-20240307-v1:0", prompt: "Summarize the outage log in one paragraph.", maxTokens: 256 };
const round = async (fm) => {
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: 64 }, () => fm.invoke(request)));
  return performance.now() - startedAt;
};

const names = Object.keys(clients);
for (let warm = 0; warm < 20; warm++) for (const name of names) await round(clients[name]);
const times = Object.fromEntries(names.map((name) => [name, []]));
for (let index = 0; index < rounds; index++) {
  // A new order each round, so that drift in the machine's load falls on every variant alike.
  const order = [...names];
  for (let last = order.length - 1; last > 0; last--) {
    const pick = Math.floor(Math.random() * (last + 1));
    [order[last], order[pick]] = [order[pick], order[last]];
  }
  for (const name of order) times[name].push(await round(clients[name]));
}
const median = (values) => [...values].sort((first, second) => first - second)[Math.floor(values.length / 2)];
const withoutLog = median(times["no log"]);
console.log(`64 concurrent invokes, median of ${rounds} interleaved rounds (load average ${loadBefore} before, ${load()} after):`);
for (const name of names) {
  const time = median(times[name]);
  console.log(`  ${name.padEnd(8)} ${time.toFixed(2)} ms  ${(time / withoutLog).toFixed(3)}×`);
}
const digest = JSON.parse(readFileSync(`${logs.log}.digest`, "utf8"));
console.log(`  (${digest.entries} lines in the log: one per call)`);
server.kill();
rmSync(folder, { recursive: true, force: true });
