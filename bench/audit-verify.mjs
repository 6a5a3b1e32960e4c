// How long `verifyAuditLog` takes on a 1,000,000-line log (issue 13's target: under 10 s).
//
//   npm run build && node bench/audit-verify.mjs [lines] [runs]
//
// Writes the log through `auditLog` itself (lines of realistic size: a Claude model ID, a
// request ID, a call ID, a cost), then verifies it `runs` times and prints the median and
// the lines per second. The log (about 450 MB for a million lines) lives in a temporary
// folder and is removed at the end; the file is read from the page cache after the first run.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { auditLog, verifyAuditLog } from "../dist/index.js";

const lines = Number(process.argv[2] ?? "1000000");
const runs = Number(process.argv[3] ?? "5");
const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-audit-verify-"));
const path = join(folder, "audit.jsonl");
try {
  const log = auditLog({ path });
  const startedAt = performance.now();
  const chunk = 10_000;
  for (let written = 0; written < lines; written += chunk) {
    const calls = [];
    for (let index = written; index < Math.min(lines, written + chunk); index++) {
      calls.push(log.record({
        time: new Date(Date.UTC(2026, 10, 30) + index * 37).toISOString(),
        operation: index % 10 === 0 ? "stream" : "invoke",
        modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        requestId: `5c0e3b9a-${String(index).padStart(4, "0").slice(-4)}-4f2d-9a61-${String(index).padStart(12, "0")}`,
        callId: `call-${index.toString(36)}-7f3a9c`,
        inputTokens: 812 + (index % 300),
        outputTokens: 96 + (index % 200),
        costUsd: 0.001292 + (index % 97) / 1e6,
        outcome: index % 50 === 0 ? "error" : "success",
        retries: index % 50 === 0 ? 2 : 0,
        errorCode: index % 50 === 0 ? "ThrottlingException" : null,
      }));
    }
    await Promise.all(calls);
  }
  const writtenMs = performance.now() - startedAt;
  const size = statSync(path).size;
  console.log(`wrote ${lines} lines (${(size / 1e6).toFixed(0)} MB) through auditLog in ${(writtenMs / 1000).toFixed(2)} s`);
  const times = [];
  for (let run = 0; run < runs; run++) {
    const begun = performance.now();
    const check = await verifyAuditLog(path);
    times.push(performance.now() - begun);
    if (!check.ok || check.entries !== lines) throw new Error(`unexpected verdict: ${JSON.stringify(check)}`);
  }
  const median = [...times].sort((first, second) => first - second)[Math.floor(times.length / 2)];
  console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);
  console.log(`verifyAuditLog, ${lines} lines: median ${(median / 1000).toFixed(2)} s of ${runs} runs (${times.map((time) => (time / 1000).toFixed(2)).join(", ")}), ${((lines / median) * 1000 / 1e6).toFixed(2)} M lines/s`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
