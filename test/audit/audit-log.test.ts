/** The audit log through the public API: one chained line per call, tampering caught, failures loud. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, createClient, verifyAuditLog, type AuditEntry } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { haiku, promptMarker, secretAccessKey } from "../helpers.js";

let bedrock: LocalBedrock;
let folder: string;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  folder = mkdtempSync(join(tmpdir(), "bedrock-kit-audit-"));
});
afterAll(() => bedrock.close());

let logs = 0;
function newLogPath(): string {
  logs += 1;
  return join(folder, `log-${logs}`, "audit.jsonl");
}

function client(path: string, extra: Parameters<typeof createClient>[0] = {}): ReturnType<typeof createClient> {
  return createClient({ ...bedrock.clientOptions, credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey }, retryDelay: { baseMs: 1, maxMs: 2 }, audit: auditLog({ path }), ...extra });
}

function entries(path: string): AuditEntry[] {
  return readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as AuditEntry);
}

describe("auditLog", () => {
  it("writes one chained line per call of every operation, with outcome, tokens, cost and retries, never prompt text or secrets", async () => {
    const path = newLogPath();
    const fm = client(path, { allowModels: ["anthropic.*", "amazon.*"] });
    bedrock.throttle(1, haiku);
    const invoked = await fm.invoke({ modelId: haiku, prompt: promptMarker });
    await fm.stream({ modelId: "amazon.nova-lite-v1:0", prompt: promptMarker }).result;
    await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: [promptMarker] });
    await fm.generateImage({ modelId: "amazon.nova-canvas-v1:0", prompt: promptMarker });
    await fm.invoke({ modelId: "cohere.command-r-v1:0", prompt: promptMarker }).catch(() => undefined);
    await fm.invoke({ modelId: haiku, prompt: promptMarker, temperature: 9 }).catch(() => undefined);
    const lines = entries(path);
    expect(lines.map((line) => [line.operation, line.outcome])).toEqual([
      ["invoke", "success"],
      ["stream", "success"],
      ["embed", "success"],
      ["image", "success"],
      ["invoke", "denied"],
      ["invoke", "error"],
    ]);
    expect(lines[0]).toMatchObject({ modelId: haiku, retries: 1, inputTokens: invoked.usage.inputTokens, outputTokens: invoked.usage.outputTokens, costUsd: invoked.cost!.totalUsd, requestId: invoked.requestId });
    expect(lines[4]).toMatchObject({ outcome: "denied", errorCode: "ModelNotAllowed" });
    expect(new Set(lines.map((line) => line.callId)).size).toBe(6);
    const text = readFileSync(path, "utf8");
    expect(text).not.toContain(promptMarker);
    expect(text).not.toContain(secretAccessKey);
    expect(await verifyAuditLog(path)).toEqual({ ok: true, entries: 6, digestChecked: true });
  });

  it("records a budget refusal as denied", async () => {
    const path = newLogPath();
    await expect(client(path, { budget: { maxUsd: 0.000001 } }).invoke({ modelId: haiku, prompt: "hi ".repeat(200) })).rejects.toMatchObject({ name: "BudgetExceededError" });
    expect(entries(path)[0]).toMatchObject({ outcome: "denied", errorCode: "BudgetExceeded" });
  });

  it("lets two clients in one process share a log file, one chain", async () => {
    const path = newLogPath();
    const first = client(path);
    const second = client(path);
    await Promise.all([first.invoke({ modelId: haiku, prompt: "a" }), second.invoke({ modelId: haiku, prompt: "b" }), first.invoke({ modelId: haiku, prompt: "c" })]);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 3 });
  });

  it("gives 64 concurrent calls one line each and keeps the chain, and continues an existing log", async () => {
    const path = newLogPath();
    const fm = client(path);
    await Promise.all(Array.from({ length: 64 }, () => fm.invoke({ modelId: haiku, prompt: "hi" })));
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 64 });
    await client(path).invoke({ modelId: haiku, prompt: "again" });
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 65 });
  });

  it("catches every tampering: a changed byte, a deleted, inserted or reordered line, a cut file, lines cut off the end", async () => {
    const path = newLogPath();
    const fm = client(path);
    for (let index = 0; index < 5; index++) await fm.invoke({ modelId: haiku, prompt: `call ${index}` });
    const original = readFileSync(path, "utf8");
    const lines = original.trimEnd().split("\n");
    const cases: [string, string, number][] = [
      ["a changed byte", original.replace('"outputTokens":', '"outputTokens":1'), 1],
      ["a changed last line", [...lines.slice(0, 4), lines[4]!.replace('"success"', '"error"')].join("\n") + "\n", 5],
      ["a deleted line", [...lines.slice(0, 2), ...lines.slice(3)].join("\n") + "\n", 3],
      ["an inserted line", [...lines.slice(0, 2), lines[1], ...lines.slice(2)].join("\n") + "\n", 3],
      ["reordered lines", [lines[0], lines[2], lines[1], ...lines.slice(3)].join("\n") + "\n", 2],
      ["a cut file", original.slice(0, original.length - 20), 5],
      ["lines cut off the end", lines.slice(0, 3).join("\n") + "\n", 4],
    ];
    for (const [name, tampered, line] of cases) {
      const copy = join(folder, `tampered-${name.replaceAll(" ", "-")}.jsonl`);
      writeFileSync(copy, tampered);
      writeFileSync(`${copy}.digest`, readFileSync(`${path}.digest`));
      const check = await verifyAuditLog(copy);
      expect({ name, ok: check.ok, line: check.firstBrokenLine }).toEqual({ name, ok: false, line });
    }
    // The untouched log still verifies.
    expect((await verifyAuditLog(path)).ok).toBe(true);
  });

  it("with a key, catches a log rewritten whole with a recomputed chain and digest", async () => {
    const key = "a-secret-key-of-32-characters-!!";
    const path = newLogPath();
    const fm = createClient({ ...bedrock.clientOptions, audit: auditLog({ path, key }) });
    await fm.invoke({ modelId: haiku, prompt: "hi" });
    await fm.invoke({ modelId: haiku, prompt: "hi" });
    expect(await verifyAuditLog(path, { key })).toMatchObject({ ok: true, entries: 2 });
    // Someone without the key rewrites the log through a writer of their own.
    const forged = join(folder, "forged", "audit.jsonl");
    await createClient({ ...bedrock.clientOptions, audit: auditLog({ path: forged }) }).invoke({ modelId: haiku, prompt: "hi" });
    writeFileSync(path, readFileSync(forged));
    writeFileSync(`${path}.digest`, readFileSync(`${forged}.digest`));
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true });
    expect(await verifyAuditLog(path, { key })).toMatchObject({ ok: false, firstBrokenLine: 2 });
  });

  it("refuses to extend a broken log, and fails calls whose line cannot be written unless onError is warn", async () => {
    const path = newLogPath();
    await client(path).invoke({ modelId: haiku, prompt: "hi" });
    // The same log, tampered with, opened as a restarted process would open it.
    const reopened = join(folder, "reopened.jsonl");
    writeFileSync(reopened, readFileSync(path, "utf8").replace('"success"', '"denied"'));
    writeFileSync(`${reopened}.digest`, readFileSync(`${path}.digest`));
    await expect(client(reopened).invoke({ modelId: haiku, prompt: "hi" })).rejects.toMatchObject({ code: "AuditLogFailed" });

    const blocker = join(folder, "a-file");
    writeFileSync(blocker, "not a folder");
    const unwritable = join(blocker, "audit.jsonl");
    await expect(client(unwritable).invoke({ modelId: haiku, prompt: "hi" })).rejects.toMatchObject({ code: "AuditLogFailed" });
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const lenient = createClient({ ...bedrock.clientOptions, audit: auditLog({ path: unwritable, onError: "warn" }) });
      await expect(lenient.invoke({ modelId: haiku, prompt: "hi" })).resolves.toMatchObject({ stopReason: "end_turn" });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.some((warning) => warning.message.includes("cannot be written"))).toBe(true);
    expect(() => auditLog({ path: "" })).toThrow(/path/);
    expect(() => auditLog({ path, key: "another-key-of-16-chars" })).toThrow(/different key/);
    expect(() => createClient({ audit: { path: "x" } as never })).toThrow(/audit/);
  });

  it("leaves no torn line when the process is killed while writing, and the next client covers what the digest missed", async () => {
    const path = newLogPath();
    const script = `
      import { auditLog, createClient } from ${JSON.stringify(new URL("../../src/index.ts", import.meta.url).pathname)};
      const fm = createClient({ endpoint: ${JSON.stringify(bedrock.url)}, region: "us-east-1", credentials: { accessKeyId: "AKIAX", secretAccessKey: "s" }, audit: auditLog({ path: ${JSON.stringify(path)} }) });
      for (;;) await Promise.all(Array.from({ length: 32 }, () => fm.invoke({ modelId: ${JSON.stringify(haiku)}, prompt: "hi" })));
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: "ignore", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        let size = 0;
        try {
          size = readFileSync(path).length;
        } catch {
          return;
        }
        if (size > 50_000) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve();
        }
      }, 20);
    });
    await new Promise((resolve) => child.on("exit", resolve));
    const check = await verifyAuditLog(path);
    // Whole lines only: either everything is covered, or only the digest lags behind.
    expect(check.ok || check.uncoveredLines !== undefined).toBe(true);
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
    await client(path).invoke({ modelId: haiku, prompt: "after the crash" });
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: check.entries + 1 });
  }, 30_000);
});

describe("rotation by size", () => {
  it("rotates past maxBytes, keeps one chain across the files, and names the file of a break", async () => {
    const path = newLogPath();
    const fm = createClient({ ...bedrock.clientOptions, audit: auditLog({ path, maxBytes: 4096 }) });
    for (let index = 0; index < 40; index++) await fm.invoke({ modelId: haiku, prompt: `call ${index}` });
    await Promise.all(Array.from({ length: 20 }, () => fm.invoke({ modelId: haiku, prompt: "together" })));
    const rotated = readdirSync(dirname(path)).filter((name) => /^audit\.jsonl\.\d+$/.test(name));
    expect(rotated.length).toBeGreaterThanOrEqual(3);
    for (const name of rotated) expect(statSync(join(dirname(path), name)).size).toBeLessThanOrEqual(4096);
    expect(await verifyAuditLog(path)).toEqual({ ok: true, entries: 60, digestChecked: true });

    // A changed line in a rotated file is named with its file.
    const second = `${path}.2`;
    const original = readFileSync(second, "utf8");
    writeFileSync(second, original.replace('"success"', '"error"'));
    expect(await verifyAuditLog(path)).toMatchObject({ ok: false, file: second, firstBrokenLine: 1 });
    writeFileSync(second, original);
    // A rotated file removed breaks the chain where the next file starts.
    renameSync(second, `${second}.moved`);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: false, firstBrokenLine: 1 });
    renameSync(`${second}.moved`, second);
    expect((await verifyAuditLog(path)).ok).toBe(true);
  });
});
