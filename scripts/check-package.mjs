// Packs the tarball, installs it next to this checkout's dependencies, and imports every
// exported subpath from ESM and from CommonJS; then runs publint and arethetypeswrong on it.
// Run after `npm run build`.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const scratch = join(root, ".tmp");
mkdirSync(scratch, { recursive: true });
const work = mkdtempSync(join(scratch, "package-check-"));
const run = (command, args, options = {}) => execFileSync(command, args, { cwd: root, stdio: "inherit", ...options });

try {
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" }));
  const tarball = join(work, packed[0].filename);
  const files = packed[0].files.map((file) => file.path);
  console.log(`packed ${packed[0].filename}: ${files.length} files, ${packed[0].size} bytes`);
  // The guides and examples ship with the package, so that every relative link in the Markdown
  // it carries (README, docs/, examples/README.md) works in node_modules too.
  for (const page of files.filter((file) => file.endsWith(".md"))) {
    for (const [, target] of readFileSync(join(root, page), "utf8").matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const linked = posix.normalize(posix.join(posix.dirname(page), target)).replace(/\/$/, "");
      if (!files.some((file) => file === linked || file.startsWith(`${linked}/`))) throw new Error(`${page} links ${target}, which the tarball lacks`);
    }
  }
  const shipped = (file) => file.startsWith("dist/") || /^docs\/[a-z0-9-]+\.md$/.test(file) || /^examples\/(web-chat\/)?[a-z0-9-]+\.ts$/.test(file) || ["package.json", "README.md", "CHANGELOG.md", "LICENSE", "bin/bedrock-kit.mjs", "examples/README.md"].includes(file);
  if (files.some((file) => !shipped(file))) {
    throw new Error(`unexpected files in the tarball: ${files.join(", ")}`);
  }

  // Installed as a consumer would see it: node_modules/bedrock-kit, dependencies resolved
  // upward from this checkout's node_modules.
  // The scratch folder gets its own package.json: without it, imports of "bedrock-kit" from
  // it resolve to this checkout by Node's package self-reference (and, for esbuild, by
  // tsconfig.json `paths` to src/), not to the packed tarball.
  writeFileSync(join(work, "package.json"), '{ "private": true }\n');
  const installed = join(work, "node_modules", "bedrock-kit");
  mkdirSync(installed, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);

  const subpaths = Object.keys(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).exports)
    .filter((subpath) => subpath !== "./package.json")
    .map((subpath) => (subpath === "." ? "bedrock-kit" : `bedrock-kit/${subpath.slice(2)}`));

  writeFileSync(
    join(work, "check.mjs"),
    `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const subpaths = ${JSON.stringify(subpaths)};
for (const subpath of subpaths) {
  const esm = await import(subpath);
  const cjs = require(subpath);
  const esmNames = Object.keys(esm).sort().join(",");
  const cjsNames = Object.keys(cjs).filter((name) => name !== "__esModule" && name !== "default").sort().join(",");
  if (esmNames === "" || esmNames !== cjsNames) throw new Error(subpath + ": ESM exports [" + esmNames + "] differ from CJS [" + cjsNames + "]");
  console.log("ok " + subpath + " (ESM and CJS): " + esmNames);
}
const esmKit = await import("bedrock-kit");
const cjsKit = require("bedrock-kit");
const { startLocalBedrock } = await import("bedrock-kit/testing");
const bedrock = await startLocalBedrock();
try {
  for (const [label, kit] of [["ESM", esmKit], ["CJS", cjsKit]]) {
    const result = await kit.createClient(bedrock.clientOptions).invoke({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", prompt: "ping" });
    if (!result.text) throw new Error(label + " invoke returned no text");
    console.log("ok " + label + " invoke: " + result.usage.totalTokens + " tokens");
  }
  bedrock.throttle(1);
  const error = await cjsKit.createClient({ ...bedrock.clientOptions, maxRetries: 0 }).invoke({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", prompt: "x" }).catch((caught) => caught);
  if (!esmKit.ThrottlingError.isInstance(error) || !(error instanceof esmKit.BedrockKitError)) throw new Error("an error from the CJS copy is not recognised by the ESM copy");
  console.log("ok errors from the CJS copy pass the ESM copy's isInstance and instanceof");
  for (const [label, kit, other] of [["ESM", esmKit, cjsKit], ["CJS", cjsKit, esmKit]]) {
    for (const name of ["BedrockKitError", "ValidationError", "ThrottlingError", "StreamError"]) {
      const made = new kit[name]("check", { code: "Check", partial: {} });
      if (made.name !== name) throw new Error(label + " " + name + " is named " + made.name);
      if (name !== "BedrockKitError" && !(kit[name].prototype instanceof other.BedrockKitError)) throw new Error(label + " " + name + ".prototype is not a BedrockKitError of the other copy");
    }
  }
  console.log("ok error names are the class names in ESM and CJS, and prototypes pass instanceof across the copies");
  // The framework adapters from the packed package: the AI SDK provider from ESM, the
  // LangChain chat model from CommonJS, each over a client of the other module system.
  const { generateText } = await import("ai");
  const { createBedrockKit } = await import("bedrock-kit/ai-sdk");
  const generated = await generateText({ model: createBedrockKit({ client: cjsKit.createClient(bedrock.clientOptions) })("amazon.nova-lite-v1:0"), prompt: "ping" });
  if (!(generated.providerMetadata?.bedrockKit?.costUsd > 0)) throw new Error("bedrock-kit/ai-sdk: generateText gave no cost");
  const { ChatBedrockKit } = require("bedrock-kit/langchain");
  const message = await new ChatBedrockKit({ client: esmKit.createClient(bedrock.clientOptions), model: "amazon.nova-lite-v1:0" }).invoke("ping");
  if (!(message.response_metadata.costUsd > 0)) throw new Error("bedrock-kit/langchain: invoke gave no cost");
  console.log("ok bedrock-kit/ai-sdk (ESM) and bedrock-kit/langchain (CJS) answer through clients of the other module system");
} finally {
  await bedrock.close();
}
`,
  );
  run("node", [join(work, "check.mjs")], { cwd: work, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });

  // The installed bin, as a new user runs it: an empty HOME, no AWS variables.
  const emptyHome = mkdtempSync(join(work, "home-"));
  const bareEnvironment = { PATH: process.env.PATH, HOME: emptyHome, AWS_EC2_METADATA_DISABLED: "true" };
  const bin = join(installed, "bin", "bedrock-kit.mjs");
  const answered = JSON.parse(execFileSync("node", [bin, "--offline", "--json", "invoke", "-m", "amazon.nova-micro-v1:0", "ping"], { cwd: work, env: bareEnvironment, encoding: "utf8" }));
  if (!answered.text || answered.usage.outputTokens <= 0) throw new Error("the installed bin's offline invoke returned no answer");
  const refused = spawnSync("node", [bin, "invoke", "-m", "amazon.nova-micro-v1:0", "ping"], { cwd: work, env: bareEnvironment, encoding: "utf8" });
  if (refused.status !== 3 || !refused.stderr.includes("--offline")) throw new Error(`the installed bin without credentials exited ${refused.status}: ${refused.stderr}`);
  console.log("ok the installed bin answers offline with an empty HOME, and without credentials exits 3 suggesting --offline");

  // The framework packages are optional peers: the core and the testing entry, from ESM and
  // CommonJS, never load them (only bedrock-kit/ai-sdk and bedrock-kit/langchain do).
  writeFileSync(
    join(work, "core-only.mjs"),
    `import { createRequire, register } from "node:module";
const frameworks = /^(ai|langchain)($|\\/)|^@ai-sdk\\/|^@langchain\\//;
register("data:text/javascript," + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  if (\${frameworks}.test(specifier)) throw new Error("the core loaded the framework package " + specifier);
  return next(specifier, context);
}\`));
const require = createRequire(import.meta.url);
const kit = await import("bedrock-kit");
await import("bedrock-kit/testing");
const { startLocalBedrock } = require("bedrock-kit/testing");
const bedrock = await startLocalBedrock();
try {
  const fm = kit.createClient(bedrock.clientOptions);
  await fm.invoke({ modelId: "amazon.nova-lite-v1:0", prompt: "ping" });
  await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["ping"] });
  require("bedrock-kit").createClient(bedrock.clientOptions);
} finally {
  await bedrock.close();
}
const loaded = Object.keys(require.cache).filter((path) => /[\\\\/]node_modules[\\\\/](ai|langchain|@ai-sdk|@langchain)[\\\\/]/.test(path));
if (loaded.length > 0) throw new Error("the CommonJS core loaded framework packages: " + loaded.join(", "));
// The hook does catch a framework import: bedrock-kit/langchain loads @langchain/core.
const caught = await import("bedrock-kit/langchain").then(() => undefined, (error) => error);
if (!/framework package @langchain/.test(String(caught))) throw new Error("the framework-import check caught nothing: " + caught);
console.log("ok the core and testing entries (ESM and CJS) load no framework package (ai, @ai-sdk/*, @langchain/*)");
`,
  );
  run("node", [join(work, "core-only.mjs")], { cwd: work, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });

  // Tree-shaking, as a consumer's bundler sees the packed package (esbuild, minified):
  // - one error class: 78,981 bytes at commit 443f490, about 2.5 KB since the `module`
  //   condition (which esbuild follows) gives the code-split build in dist/module/;
  // - invoke alone, with code splitting: the embedding and image code stays in chunks that
  //   load on the first fm.embed / fm.generateImage, never in what an invoke-only app loads.
  const { build } = await import("esbuild");
  const bundle = (name, source, options = {}) => {
    writeFileSync(join(work, name), source);
    return build({ entryPoints: [join(work, name)], absWorkingDir: work, tsconfigRaw: {}, bundle: true, minify: true, format: "esm", platform: "node", write: false, logLevel: "error", ...options });
  };
  const oneErrorBoundBytes = 4_000;
  const oneError = await bundle("one-error.mjs", 'import { ValidationError } from "bedrock-kit";\nconsole.log(new ValidationError("x", {}).name);\n');
  const oneErrorBytes = oneError.outputFiles[0].contents.byteLength;
  if (oneErrorBytes > oneErrorBoundBytes) throw new Error(`a bundle importing only ValidationError is ${oneErrorBytes} bytes, over the bound of ${oneErrorBoundBytes}`);
  console.log(`ok a minified bundle importing only ValidationError is ${oneErrorBytes} bytes (bound ${oneErrorBoundBytes})`);
  const invokeOnly = await bundle(
    "invoke-only.mjs",
    'import { createClient } from "bedrock-kit";\nconsole.log(await createClient().invoke({ modelId: "amazon.nova-lite-v1:0", prompt: "hi" }));\n',
    { splitting: true, outdir: join(work, "invoke-only"), metafile: true },
  );
  const entry = invokeOnly.outputFiles.find((file) => file.path.endsWith("invoke-only.js"));
  const staticChunks = new Set([entry.path]);
  for (const [output, meta] of Object.entries(invokeOnly.metafile.outputs)) {
    if (output.endsWith("invoke-only.js")) for (const imported of meta.imports) if (imported.kind === "import-statement") staticChunks.add(join(work, imported.path));
  }
  const loadedText = invokeOnly.outputFiles.filter((file) => staticChunks.has(file.path)).map((file) => file.text).join("\n");
  const loadedBytes = [...invokeOnly.outputFiles].filter((file) => staticChunks.has(file.path)).reduce((sum, file) => sum + file.contents.byteLength, 0);
  // Wire names only the image and embedding codecs write (Titan Image, Stability, Titan Embeddings).
  // Wire names only the image, embedding, rerank and job code writes (Titan Image, Stability,
  // Titan Embeddings, Cohere Rerank, batch records, the CLI's argument parser).
  const mediaMarkers = ["textToImageParams", "cfg_scale", "embeddingConfig", "api_version", "modelInvocationJob", "recordId", "commander"].filter((marker) => loadedText.includes(marker));
  if (mediaMarkers.length > 0) throw new Error(`an invoke-only bundle loads image, embedding, rerank, job or CLI code (${mediaMarkers.join(", ")})`);
  console.log(`ok an invoke-only bundle loads ${loadedBytes} bytes (AWS SDK included) and no image, embedding, rerank, job or CLI code`);
  run("npx", ["publint", "--strict", installed]);

  // A consumer's TypeScript: strict with exactOptionalPropertyTypes (optional fields take an
  // explicit undefined), under node16 and under classic node10 resolution (typesVersions).
  writeFileSync(
    join(work, "consumer.ts"),
    `import { createClient, type InvokeRequest } from "bedrock-kit";
import { startLocalBedrock } from "bedrock-kit/testing";
import { createAgent } from "bedrock-kit/agents";
import { createKnowledgeBase, memoryStore } from "bedrock-kit/rag";
import { createBedrockKit } from "bedrock-kit/ai-sdk";
import { ChatBedrockKit } from "bedrock-kit/langchain";
declare const maybeNumber: number | undefined;
declare const maybeString: string | undefined;
declare const maybeSignal: AbortSignal | undefined;
const fm = createClient({ region: maybeString, maxRetries: maybeNumber, timeoutMs: maybeNumber });
const request: InvokeRequest = { modelId: "amazon.nova-micro-v1:0", prompt: "hi", system: maybeString, maxTokens: maybeNumber, temperature: maybeNumber, topP: maybeNumber, signal: maybeSignal };
export const answer = fm.invoke(request);
export const streamed = fm.stream({ ...request, stopSequences: undefined });
export const vectors = fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["a"], dimensions: maybeNumber, signal: maybeSignal });
export const local = startLocalBedrock({ port: maybeNumber });
export const agent = createAgent({ client: fm, modelId: "amazon.nova-micro-v1:0", instruction: maybeString, maxSteps: maybeNumber });
export const knowledgeBase = createKnowledgeBase({ client: fm, embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: maybeNumber }, store: memoryStore() });
export const provider = createBedrockKit({ client: fm });
export const chat = new ChatBedrockKit({ client: fm, model: "amazon.nova-micro-v1:0", maxTokens: maybeNumber });
`,
  );
  const compilerOptions = { strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: true, target: "es2022", lib: ["es2022", "dom"], types: ["node"] };
  for (const [name, resolution] of [["node16", { module: "node16", moduleResolution: "node16" }], ["node10", { module: "commonjs", moduleResolution: "node" }]]) {
    writeFileSync(join(work, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...compilerOptions, ...resolution, typeRoots: [join(root, "node_modules", "@types")] }, files: ["consumer.ts"] }));
    run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(work, `tsconfig.${name}.json`)]);
    console.log(`ok a consumer type-checks with exactOptionalPropertyTypes under ${name} resolution`);
  }
  // Every resolution, node10 (`moduleResolution: "node"`) included: `typesVersions` maps the subpaths there.
  run("npx", ["attw", tarball]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
