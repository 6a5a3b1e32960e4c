// Runs every example in examples/ against the offline Bedrock, as a user would
// (`npx tsx examples/<name>.ts`), and fails if one exits non-zero or prints the AWS SDK's
// Node-version warning (the examples must not show it; the variable CI sets is removed
// for the children so that the check means something).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const helpers = new Set(["offline.ts", "quiet-node-warning.ts"]);
const examples = readdirSync(new URL("../examples/", import.meta.url)).filter((name) => name.endsWith(".ts") && !helpers.has(name)).sort();
const environment = { ...process.env };
delete environment.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
delete environment.BEDROCK_LIVE;

let failed = 0;
for (const name of examples) {
  const started = performance.now();
  const run = spawnSync("npx", ["tsx", `examples/${name}`], { cwd: root, env: environment, encoding: "utf8", timeout: 120_000 });
  const output = `${run.stdout}${run.stderr}`;
  const problem = run.status !== 0 ? `exit ${run.status ?? run.signal}` : /NodeVersionSupportWarning/.test(output) ? "printed the AWS SDK's Node-version warning" : undefined;
  const milliseconds = Math.round(performance.now() - started);
  if (problem) {
    failed += 1;
    console.error(`FAIL examples/${name} (${problem}, ${milliseconds} ms)\n${output}`);
  } else {
    console.log(`ok examples/${name} (${milliseconds} ms)`);
  }
}
if (failed > 0) {
  console.error(`${failed} of ${examples.length} examples failed`);
  process.exit(1);
}
