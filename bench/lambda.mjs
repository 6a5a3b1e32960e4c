// A Lambda-style bundle of an invoke handler: bedrock-kit next to the raw AWS SDK, each
// bundled by esbuild as docs/lambda.md recommends (ESM, minified, code splitting so that
// code loaded by `import()` on first use — embeddings, images, rerank, jobs — stays in
// chunks an invoke never loads, and the `createRequire` banner Lambda's ESM needs for the
// AWS libraries' `require` calls), measured for size (what the handler loads, and the whole
// folder) and for cold start (a fresh `node` that loads the bundle and answers one request
// against an offline Bedrock in another process), interleaved, medians.
//
//   npm run build && node bench/lambda.mjs [runs]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const runs = Number(process.argv[2] ?? "15");
const root = new URL("..", import.meta.url).pathname;
const work = mkdtempSync(join(root, ".tmp", "lambda-"));
const banner = { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' };
const handlers = {
  "bedrock-kit": `import { createClient } from "bedrock-kit";
const fm = createClient();
export const handler = async (event) => {
  const result = await fm.invoke({ modelId: "amazon.nova-micro-v1:0", prompt: event.prompt, maxTokens: 100 });
  return { text: result.text, costUsd: result.cost?.totalUsd };
};`,
  "raw AWS SDK": `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export const handler = async (event) => {
  const body = JSON.stringify({ schemaVersion: "messages-v1", messages: [{ role: "user", content: [{ text: event.prompt }] }], inferenceConfig: { maxTokens: 100 } });
  const response = await client.send(new InvokeModelCommand({ modelId: "amazon.nova-micro-v1:0", body, contentType: "application/json" }));
  const answer = JSON.parse(new TextDecoder().decode(response.body));
  return { text: answer.output.message.content[0].text };
};`,
};

const bundles = {};
for (const [name, source] of Object.entries(handlers)) {
  const slug = name.replace(/\W+/g, "-");
  writeFileSync(join(work, `${slug}.mjs`), `${source}\nconst answer = await handler({ prompt: "ping" });\nif (!answer.text) process.exit(1);\n`);
  const outdir = join(work, slug);
  const result = await build({ entryPoints: [join(work, `${slug}.mjs`)], outdir, splitting: true, bundle: true, minify: true, format: "esm", platform: "node", target: "node20", banner, metafile: true, outExtension: { ".js": ".mjs" }, logLevel: "error", nodePaths: [join(root, "node_modules")], alias: { "bedrock-kit": join(root, "dist/module/index.js") } });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((output) => outputs[output].entryPoint);
  const loaded = new Set([entry]);
  for (const imported of outputs[entry].imports) if (imported.kind === "import-statement" && !imported.external && outputs[imported.path]) loaded.add(imported.path);
  const bytes = (files) => [...files].reduce((sum, file) => sum + outputs[file].bytes, 0);
  bundles[name] = { file: join(root, entry), loadedBytes: bytes(loaded), totalBytes: bytes(Object.keys(outputs)) };
}

const server = spawn(process.execPath, ["--input-type=module", "-e", `const { startLocalBedrock } = await import(${JSON.stringify(join(root, "dist/testing/index.js"))}); const b = await startLocalBedrock(); console.log(b.url);`], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve) => server.stdout.once("data", (data) => resolve(String(data).trim())));
const environment = { PATH: process.env.PATH, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIABENCH00000000000", AWS_SECRET_ACCESS_KEY: "bench", AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

const times = Object.fromEntries(Object.keys(bundles).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, { file }] of Object.entries(bundles)) {
    const started = performance.now();
    const child = spawnSync(process.execPath, [file], { env: environment, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    times[name].push(performance.now() - started);
  }
}
const median = (values) => [...values].sort((first, second) => first - second)[Math.floor(values.length / 2)];
const baseline = median(times["raw AWS SDK"]);
for (const [name, bundle] of Object.entries(bundles)) {
  const cold = median(times[name]);
  console.log(`${name.padEnd(12)} loads ${(bundle.loadedBytes / 1024).toFixed(0)} KiB (folder ${(bundle.totalBytes / 1024).toFixed(0)} KiB), cold start + one invoke ${cold.toFixed(0)} ms (median of ${runs}, ${(cold / baseline).toFixed(2)}× the raw SDK)`);
}
server.kill();
rmSync(work, { recursive: true, force: true });

