// fm.map over many offline requests at concurrency 64 under a requestsPerMinute limit: the
// rate after the first minute's burst must stay within 5 % of the limit, and no request may
// be lost (issue 14). Uses an offline Bedrock in its own process.
//
//   npm run build && node bench/map-rate.mjs [requests] [requestsPerMinute]
import { spawn } from "node:child_process";
import { createClient } from "../dist/index.js";

const count = Number(process.argv[2] ?? "10000");
const requestsPerMinute = Number(process.argv[3] ?? "6000");
const server = spawn(process.execPath, ["--input-type=module", "-e", `const { startLocalBedrock } = await import(${JSON.stringify(new URL("../dist/testing/index.js", import.meta.url).href)}); const b = await startLocalBedrock(); console.log(b.url);`], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve) => server.stdout.once("data", (data) => resolve(String(data).trim())));

const sent = [];
const fm = createClient({
  region: "us-east-1",
  endpoint: url,
  credentials: { accessKeyId: "AKIABENCH00000000000", secretAccessKey: "bench" },
  rateLimit: { requestsPerMinute },
  onEvent: (event) => {
    if (event.type === "request") sent.push(performance.now());
  },
});
const requests = Array.from({ length: count }, (_, index) => ({ modelId: "amazon.nova-micro-v1:0", prompt: `ticket ${index}`, maxTokens: 10 }));
const startedAt = performance.now();
const outcomes = await fm.map(requests, { concurrency: 64 });
const seconds = (performance.now() - startedAt) / 1000;
const lost = outcomes.filter((outcome, index) => outcome?.index !== index || (!outcome.result && !outcome.error)).length + (count - outcomes.length);
const failed = outcomes.filter((outcome) => outcome.error).length;
// A token bucket allows at most its capacity plus the refill over the elapsed time; past the
// burst and the refill that accrued during it, requests go at the refill rate.
const limit = requestsPerMinute / 60;
const allowed = requestsPerMinute + (limit * (sent.at(-1) - sent[0])) / 1000;
const tail = sent.slice(Math.floor(sent.length * 0.7));
const steadyRate = ((tail.length - 1) * 1000) / (tail.at(-1) - tail[0]);
console.log(`${count} requests at concurrency 64 in ${seconds.toFixed(1)} s: ${lost} lost, ${failed} failed`);
console.log(`sent ${sent.length} of the ${Math.floor(allowed)} the bucket allows over the run (${((sent.length / allowed) * 100).toFixed(1)} %)`);
console.log(`steady rate over the last 30 % of requests: ${steadyRate.toFixed(2)}/s against a limit of ${limit.toFixed(2)}/s (${((steadyRate / limit - 1) * 100).toFixed(2)} %)`);
server.kill();
