// Runs the docs' code blocks that can run offline: those that start the offline Bedrock and
// point every client at it. Run after scripts/check-snippets.mjs, which writes the blocks to
// .tmp/snippets. A block that fails or hangs fails the run.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const folder = join(root, ".tmp", "snippets");
/** Offline when it starts the offline Bedrock, every client uses its options, and nothing else must be running. */
function runsOffline(text) {
  if (!text.includes("startLocalBedrock(")) return false;
  if (/already running|BEDROCK_LIVE|process\.env\.[A-Z_]*KEY/.test(text)) return false;
  const clients = [...text.matchAll(/createClient\(([^)]*)\)/g)].map((match) => match[1]);
  return clients.every((argument) => argument.includes("clientOptions"));
}
const environment = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "" };
const candidates = readdirSync(folder).filter((name) => name.endsWith(".ts") && runsOffline(readFileSync(join(folder, name), "utf8")));
let failed = 0;
for (const name of candidates) {
  const started = Date.now();
  const run = spawnSync("npx", ["tsx", join(folder, name)], { cwd: root, env: environment, encoding: "utf8", timeout: 60_000 });
  const source = readFileSync(join(folder, name), "utf8").split("\n")[0].replace("// from ", "");
  if (run.status === 0) console.log(`ok ${source} (${Date.now() - started} ms)`);
  else {
    failed += 1;
    console.error(`FAIL ${source} (${run.signal ?? `exit ${run.status}`})\n${run.stdout}${run.stderr}`);
  }
}
console.log(`${candidates.length - failed} of ${candidates.length} offline code blocks ran`);
if (failed > 0) process.exit(1);
