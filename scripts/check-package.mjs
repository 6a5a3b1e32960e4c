// Packs the tarball, installs it next to this checkout's dependencies, and imports every
// exported subpath from ESM and from CommonJS; then runs publint and arethetypeswrong on it.
// Run after `npm run build`.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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
  if (files.some((file) => !file.startsWith("dist/") && !["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(file))) {
    throw new Error(`unexpected files in the tarball: ${files.join(", ")}`);
  }

  // Installed as a consumer would see it: node_modules/bedrock-kit, dependencies resolved
  // upward from this checkout's node_modules.
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
} finally {
  await bedrock.close();
}
`,
  );
  run("node", [join(work, "check.mjs")], { cwd: work, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
  run("npx", ["publint", "--strict", installed]);
  // node10 resolution ignores `exports`; the package needs Node 20, so the node16 profile applies.
  run("npx", ["attw", "--profile", "node16", tarball]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
