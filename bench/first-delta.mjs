// Time to the first text delta of `fm.stream()`, next to `fm.invoke()` and a bare signed
// `node:http` client doing the same two requests (the floor), in interleaved rounds:
//
//   npm run build
//   node bench/first-delta.mjs [count] [endpoint URL] [--dist DIR]...
//
// Without a URL an offline Bedrock from the built `dist/testing` runs in a child process (so
// the client's event loop is its own); with the URL of ../shared/bench/fake-bedrock.mjs the
// streams carry 2,000 deltas in 64-frame writes. Each `--dist` (default `dist`) is one
// bedrock-kit build timed side by side with the others, so two builds compare under the same
// load. Prints the median and p90 of each row and the load average before and after.
import { spawn } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { request as httpRequest, Agent } from "node:http";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { SignatureV4 } from "@smithy/signature-v4";

// The AWS SDK's notice about Node versions, printed once per process, is not a measurement.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const args = process.argv.slice(2);
const dists = [];
const positional = [];
for (let index = 0; index < args.length; index++) {
  if (args[index] === "--dist") dists.push(args[++index]);
  else positional.push(args[index]);
}
if (dists.length === 0) dists.push("dist");
const [countText = "500", givenUrl] = positional;
const count = Number(countText);
if (!(count > 0)) {
  console.error("usage: node bench/first-delta.mjs [count] [endpoint URL] [--dist DIR]...");
  process.exit(2);
}

const modelId = "anthropic.claude-3-haiku-20240307-v1:0";
const prompt = "Summarize the outage log in one paragraph.";
const credentials = { accessKeyId: "AKIAFIRSTDELTA000000", secretAccessKey: "first-delta-secret" };

/** Starts the offline Bedrock of the first build in a child process; resolves with its URL and a stop function. */
function startServer(dist) {
  const entry = pathToFileURL(resolve(dist, "testing/index.js")).href;
  const code = `const { startLocalBedrock } = await import(${JSON.stringify(entry)}); const b = await startLocalBedrock(); console.log(b.url);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolveUrl, reject) => {
    child.once("error", reject);
    child.stdout.once("data", (data) => resolveUrl({ url: String(data).trim(), stop: () => child.kill() }));
  });
}

/** node:crypto behind the `Checksum` shape SignatureV4 takes. */
class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** The floor: one keep-alive agent, SigV4, frames split by length and decoded by the SDK's event-stream codec. */
function bareClient(url) {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const signer = new SignatureV4({ service: "bedrock", region: "us-east-1", credentials, sha256: Sha256 });
  const codec = new EventStreamCodec((bytes) => Buffer.from(bytes).toString("utf8"), (text) => Buffer.from(text, "utf8"));
  const body = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 256, messages: [{ role: "user", content: prompt }] });
  const base = `/model/${encodeURIComponent(modelId)}`;
  async function send(path, accept) {
    const signed = await signer.sign({
      method: "POST", protocol: target.protocol, hostname: target.hostname, port: Number(target.port), path, query: {},
      headers: { host: target.host, "content-type": "application/json", accept, "content-length": String(Buffer.byteLength(body)) },
      body,
    });
    return new Promise((resolveResponse, reject) => {
      const request = httpRequest({ agent, host: target.hostname, port: target.port, method: "POST", path, headers: signed.headers }, resolveResponse);
      request.once("error", reject);
      request.end(body);
    });
  }
  return {
    async invoke() {
      const response = await send(`${base}/invoke`, "application/json");
      const parts = [];
      for await (const part of response) parts.push(part);
      return JSON.parse(Buffer.concat(parts).toString("utf8"));
    },
    /** Milliseconds to the first text delta; resolves once the stream has ended. */
    async firstDelta() {
      const startedAt = performance.now();
      const response = await send(`${base}/invoke-with-response-stream`, "application/vnd.amazon.eventstream");
      let first = -1;
      let pending = Buffer.alloc(0);
      for await (const part of response) {
        pending = pending.length > 0 ? Buffer.concat([pending, part]) : part;
        while (pending.length >= 4 && pending.readUInt32BE(0) <= pending.length) {
          const message = codec.decode(pending.subarray(0, pending.readUInt32BE(0)));
          pending = pending.subarray(pending.readUInt32BE(0));
          if (first >= 0 || message.headers[":event-type"]?.value !== "chunk") continue;
          const wrapper = JSON.parse(Buffer.from(message.body).toString("utf8"));
          const chunk = JSON.parse(Buffer.from(wrapper.bytes, "base64").toString("utf8"));
          if (chunk.type === "content_block_delta" && chunk.delta?.type === "text_delta") first = performance.now() - startedAt;
        }
      }
      if (first < 0) throw new Error("the stream had no text delta");
      return first;
    },
  };
}

const server = givenUrl ? undefined : await startServer(dists[0]);
const url = givenUrl ?? server.url;

const rows = [];
for (const dist of dists) {
  const kit = await import(pathToFileURL(resolve(dist, "index.js")).href);
  const fm = kit.createClient({ region: "us-east-1", credentials, endpoint: url });
  const request = () => ({ modelId, prompt, maxTokens: 256 });
  const label = dists.length > 1 ? `bedrock-kit (${dist})` : "bedrock-kit";
  rows.push({
    name: `${label} first delta`,
    run: async () => {
      const startedAt = performance.now();
      let first = -1;
      for await (const event of fm.stream(request())) {
        if (first < 0 && event.type === "text") first = performance.now() - startedAt;
      }
      if (first < 0) throw new Error("the stream had no text delta");
      return first;
    },
  });
  rows.push({
    name: `${label} invoke`,
    run: async () => {
      const startedAt = performance.now();
      await fm.invoke(request());
      return performance.now() - startedAt;
    },
  });
}
const bare = bareClient(url);
rows.push({ name: "bare node:http first delta", run: () => bare.firstDelta() });
rows.push({ name: "bare node:http invoke", run: timed(() => bare.invoke()) });

function timed(call) {
  return async () => {
    const startedAt = performance.now();
    await call();
    return performance.now() - startedAt;
  };
}

const loadBefore = loadavg()[0];
for (const row of rows) for (let warm = 0; warm < 30; warm++) await row.run();
const samples = rows.map(() => []);
// Interleaved: one sample of every row per round, rows in a new order each round.
for (let round = 0; round < count; round++) {
  const order = rows.map((_, index) => index).sort(() => Math.random() - 0.5);
  for (const index of order) samples[index].push(await rows[index].run());
}
const loadAfter = loadavg()[0];

function quantile(values, share) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}
console.log(`${count} rounds against ${givenUrl ? url : "an offline Bedrock in a child process"}; load ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
for (const [index, row] of rows.entries()) {
  console.log(`${row.name.padEnd(44)} median ${quantile(samples[index], 0.5).toFixed(3)} ms  p90 ${quantile(samples[index], 0.9).toFixed(3)} ms`);
}
server?.stop();
