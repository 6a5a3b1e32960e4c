/** The audit log through the public API: one chained line per call, tampering caught, failures loud. */
import { spawn } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, createClient, verifyAuditLog, type AuditEntry, type AuditLog } from "../../src/index.js";
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

function lineCount(path: string): number {
  try {
    return readFileSync(path, "utf8").split("\n").length - 1;
  } catch {
    return 0;
  }
}

/** An entry as the pipeline makes one, for driving a log directly. */
function entry(index: number, fields: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: new Date(Date.UTC(2026, 10, 30, 7, 30) + index).toISOString(),
    operation: "invoke",
    modelId: haiku,
    requestId: `request-${index}`,
    callId: `call-${index}`,
    inputTokens: 10,
    outputTokens: 20,
    costUsd: 0.0001,
    outcome: "success",
    retries: 0,
    errorCode: null,
    ...fields,
  };
}

/** Counts the writes made through `FileHandle`s (the log's lines; its digest is written with `writeSync`). */
async function spyOnFileWrites(): Promise<{ count(): number }> {
  const probe = await open(new URL(import.meta.url), "r");
  const prototype = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => unknown };
  await probe.close();
  const spy = vi.spyOn(prototype, "write");
  return { count: () => spy.mock.calls.length };
}

/** Lets the writer's file system work run (real I/O, whatever the fake timers). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

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

  it("escapes every string of an entry: quotes, backslashes, line breaks, U+2028, controls and emoji stay inside one JSON line", async () => {
    const path = newLogPath();
    const log = auditLog({ path, maxBytes: 4096 });
    const odd = ['model"with"quotes', "back\\slash\\", "line\nbreak\r\n", "sep\u2028arator\u2029", "tab\tnul\u0000bell\u0007", "emoji 🦜 and é", '{"prev":"0"}'];
    const written = odd.flatMap((text, index) => [entry(2 * index, { modelId: text }), entry(2 * index + 1, { outcome: "error", errorCode: text, requestId: null, costUsd: null })]);
    // Enough lines to rotate, so the byte count of multi-byte text decides the cuts.
    const many = [...written, ...Array.from({ length: 12 }, (_, index) => entry(100 + index, { modelId: "é".repeat(200) }))];
    await Promise.all(many.map((item) => log.record(item)));
    const files = [...readdirSync(dirname(path)).filter((name) => /^audit\.jsonl\.\d+$/.test(name)).sort((first, second) => Number(first.split(".").pop()) - Number(second.split(".").pop())), "audit.jsonl"];
    expect(files.length).toBeGreaterThan(1);
    const lines = files.flatMap((name) => {
      expect(statSync(join(dirname(path), name)).size).toBeLessThanOrEqual(4096);
      return readFileSync(join(dirname(path), name), "utf8").trimEnd().split("\n");
    });
    expect(lines).toHaveLength(many.length);
    const parsed = lines.map((line) => JSON.parse(line) as AuditEntry & { prev: string; sha256: string });
    expect(parsed.map(({ prev: _prev, sha256: _sha256, ...rest }) => rest)).toEqual(many);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: many.length });
  });

  it("removes a last line cut short by a crash (past the digest) when it next opens the log, and refuses a file cut inside what the digest covers", async () => {
    const source = newLogPath();
    const fm = client(source);
    for (let index = 0; index < 3; index++) await fm.invoke({ modelId: haiku, prompt: `call ${index}` });
    const whole = readFileSync(source, "utf8");
    const nextLine = readFileSync(source, "utf8").split("\n")[1]!;

    // A write cut by the kernel when the process was killed: part of a line after the digest's last one.
    const torn = join(folder, "torn", "audit.jsonl");
    mkdirSync(dirname(torn), { recursive: true });
    copyFileSync(source, torn);
    copyFileSync(`${source}.digest`, `${torn}.digest`);
    appendFileSync(torn, nextLine.slice(0, 100));
    expect(await verifyAuditLog(torn)).toMatchObject({ ok: false, firstBrokenLine: 4, reason: expect.stringMatching(/cut short/) });
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on("warning", onWarning);
    try {
      await client(torn).invoke({ modelId: haiku, prompt: "after the crash" });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.some((warning) => /cut short, now removed/.test(warning.message))).toBe(true);
    expect(readFileSync(torn, "utf8").startsWith(whole)).toBe(true);
    expect(await verifyAuditLog(torn)).toEqual({ ok: true, entries: 4, digestChecked: true });

    // The same cut inside what the digest covers is tampering (or a lost write), never repaired.
    const cut = join(folder, "cut", "audit.jsonl");
    mkdirSync(dirname(cut), { recursive: true });
    writeFileSync(cut, whole.slice(0, whole.length - 30));
    copyFileSync(`${source}.digest`, `${cut}.digest`);
    expect(await verifyAuditLog(cut)).toMatchObject({ ok: false, firstBrokenLine: 3 });
    await expect(client(cut).invoke({ modelId: haiku, prompt: "hi" })).rejects.toMatchObject({ code: "AuditLogFailed" });
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
    // What a kill can leave: everything covered; whole lines the digest does not cover yet; or,
    // when the kill lands inside a write of several pages (the kernel stops such a write between
    // pages), also a last line cut short after them, whose calls never ended.
    const tornTail = !check.ok && /cut short/.test(check.reason!) && check.firstBrokenLine === check.entries;
    expect(check.ok || check.uncoveredLines !== undefined || tornTail).toBe(true);
    if (!tornTail) expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
    await client(path).invoke({ modelId: haiku, prompt: "after the crash" });
    // The next client keeps every whole line, drops a cut one, and the chain goes on.
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: (tornTail ? check.entries - 1 : check.entries) + 1 });
  }, 30_000);
});

describe("group commit", () => {
  it("writes a line at once when no other call is out", async () => {
    const path = newLogPath();
    const log = auditLog({ path });
    await log.record(entry(0));
    const writes = await spyOnFileWrites();
    log.expect!();
    await log.record(entry(1), true);
    expect(writes.count()).toBe(1);
    expect(lineCount(path)).toBe(2);
  });

  it("holds the lines of calls that end while others are out, and writes them together when the last one ends", async () => {
    const path = newLogPath();
    const log = auditLog({ path });
    await log.record(entry(0));
    const writes = await spyOnFileWrites();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    for (let index = 0; index < 3; index++) log.expect!();
    let ended = 0;
    const first = log.record(entry(1), true).then(() => void (ended += 1));
    const second = log.record(entry(2), true).then(() => void (ended += 1));
    await settle();
    // Two calls have ended, one is out: their lines wait for it (nothing written, nothing resolved).
    expect({ writes: writes.count(), lines: lineCount(path), ended }).toEqual({ writes: 0, lines: 1, ended: 0 });
    // The last one ends: one write for the three lines, and every call resolves.
    await Promise.all([first, second, log.record(entry(3), true)]);
    expect({ writes: writes.count(), lines: lineCount(path), ended }).toEqual({ writes: 1, lines: 4, ended: 2 });
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 4 });
  });

  it("never holds a line longer than 1 ms after the last one while calls are out, nor 5 ms after the first", async () => {
    const path = newLogPath();
    const log = auditLog({ path });
    await log.record(entry(0));
    const writes = await spyOnFileWrites();
    // The writer's clock, set by hand; its timers fire when the test advances them.
    let clock = 0;
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    log.expect!();
    log.expect!();
    const alone = log.record(entry(1), true);
    await settle();
    expect(writes.count()).toBe(0);
    clock = 1;
    vi.advanceTimersByTime(1);
    expect(writes.count()).toBe(1);
    await alone;
    expect(lineCount(path)).toBe(2);

    // Lines that keep coming 0.9 ms apart are written together 5 ms after the first of them.
    for (let index = 0; index < 10; index++) log.expect!();
    const steady: Promise<void>[] = [];
    for (let index = 0; index < 6; index++) {
      clock = 10 + index * 0.9;
      steady.push(log.record(entry(10 + index), true));
      vi.advanceTimersByTime(1);
      expect({ index, writes: writes.count() }).toEqual({ index, writes: index < 5 ? 1 : 2 });
    }
    await Promise.all(steady);
    expect(lineCount(path)).toBe(8);
  });

  it("writes held lines at once when the call they wait for ends without a line", async () => {
    const path = newLogPath();
    const log = auditLog({ path });
    await log.record(entry(0));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    log.expect!();
    log.expect!();
    const writes = await spyOnFileWrites();
    const held = log.record(entry(1), true);
    await settle();
    expect(writes.count()).toBe(0);
    log.abandon!();
    expect(writes.count()).toBe(1);
    await held;
    expect(lineCount(path)).toBe(2);
  });

  it("is told by the pipeline which calls are out: before the request, and the line or the end of the call after it", async () => {
    const calls: string[] = [];
    const spyLog: AuditLog = {
      path: "spy",
      record: async (line, announced) => void calls.push(`record ${line.outcome} ${announced === true ? "announced" : "unannounced"}`),
      expect: () => void calls.push("expect"),
      abandon: () => void calls.push("abandon"),
    };
    const fm = createClient({ ...bedrock.clientOptions, maxRetries: 0, allowModels: ["anthropic.*"], audit: spyLog });
    await fm.invoke({ modelId: haiku, prompt: "hi" });
    bedrock.throttle(1, haiku);
    await fm.invoke({ modelId: haiku, prompt: "hi" }).catch(() => undefined);
    await fm.invoke({ modelId: "amazon.nova-lite-v1:0", prompt: "hi" }).catch(() => undefined);
    expect(calls).toEqual(["expect", "record success announced", "expect", "record error announced", "record denied unannounced"]);
  });

  it("gives 64 concurrent calls through a client fewer writes than calls", async () => {
    const path = newLogPath();
    const fm = client(path);
    await fm.invoke({ modelId: haiku, prompt: "open the log" });
    const writes = await spyOnFileWrites();
    await Promise.all(Array.from({ length: 64 }, () => fm.invoke({ modelId: haiku, prompt: "hi" })));
    expect(writes.count()).toBeLessThan(32);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 65 });
  });
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
