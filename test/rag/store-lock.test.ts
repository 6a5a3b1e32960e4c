/**
 * fileStore's folder lock against real processes: a child (test/rag/lock-child.ts) ingests
 * into a store and holds its lock while this process tries to write to the same folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BedrockKitClient } from "bedrock-kit";
import { createKnowledgeBase, fileStore, type KnowledgeBase } from "bedrock-kit/rag";
import type { LocalBedrock } from "bedrock-kit/testing";
import { setup } from "../helpers.js";

const titan = "amazon.titan-embed-text-v2:0";
let bedrock: LocalBedrock;
let fm: BedrockKitClient;
let root: string;
/** Children still running after a test (one that failed midway) are killed, not left holding a lock. */
const children = new Set<ChildProcess>();

beforeAll(async () => {
  ({ bedrock, fm } = await setup());
  root = mkdtempSync(join(tmpdir(), "bedrock-kit-lock-"));
});

afterEach(async () => {
  for (const child of children) {
    child.kill("SIGKILL");
    await exited(child);
  }
  children.clear();
});

afterAll(async () => {
  await bedrock.close();
  rmSync(root, { recursive: true, force: true });
});

const open = (path: string): Promise<KnowledgeBase> => createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, store: fileStore({ path }) });

/** Starts the child on the folder and resolves once it holds the lock. */
async function holder(path: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./lock-child.ts", import.meta.url)), path], { stdio: ["pipe", "pipe", "inherit"] });
  children.add(child);
  await printed(child, "holding");
  return child;
}

/** Resolves when the child prints the word; rejects if it exits first. */
function printed(child: ChildProcess, word: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onExit = (code: number | null): void => reject(new Error(`the child exited with ${code} before printing ${word}`));
    child.once("exit", onExit);
    child.stdout!.on("data", (data: Buffer) => {
      output += data.toString();
      if (output.includes(`${word}\n`)) {
        child.off("exit", onExit);
        resolve();
      }
    });
  });
}

const exited = (child: ChildProcess): Promise<unknown> => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve)));
const uris = async (kb: KnowledgeBase): Promise<string[]> => (await kb.retrieve("marker word", { numberOfResults: 10 })).map((hit) => hit.location.uri).sort();

describe("fileStore's folder lock", () => {
  it("refuses a second process's ingest while a live process holds the folder, appending nothing; succeeds once the holder closes", async () => {
    const path = join(root, "held");
    const child = await holder(path);
    const lock = JSON.parse(readFileSync(join(path, "writer.lock"), "utf8"));
    expect(lock).toEqual({ pid: child.pid, hostname: hostname(), startedAt: expect.any(String) });
    const kb = await open(path);
    const before = readFileSync(join(path, "log.bkkb"));
    const embedCalls = bedrock.requests.length;
    const refused = await kb.ingest({ id: "from-the-second", text: "Marker word yankee, secret runbook text." }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: "ValidationError", code: "StoreLocked" });
    // Refused before anything was spent: no embedding call went out.
    expect(bedrock.requests.length).toBe(embedCalls);
    expect((refused as Error).message).toContain(path);
    expect((refused as Error).message).toContain(`process ${child.pid}`);
    expect((refused as Error).message).not.toContain("runbook");
    expect(readFileSync(join(path, "log.bkkb")).equals(before)).toBe(true);

    child.stdin!.write("close\n");
    await printed(child, "closed");
    expect(existsSync(join(path, "writer.lock"))).toBe(false);
    await kb.ingest({ id: "from-the-second", text: "Marker word yankee, written after the holder closed." });
    expect(JSON.parse(readFileSync(join(path, "writer.lock"), "utf8")).pid).toBe(process.pid);
    await kb.close();
    expect(existsSync(join(path, "writer.lock"))).toBe(false);
    child.kill();
    await exited(child);
    const reopened = await open(path);
    expect(await uris(reopened)).toEqual(["from-the-holder", "from-the-second"]);
    await reopened.close();
  }, 30_000);

  it("takes over the lock of a process killed with SIGKILL", async () => {
    const path = join(root, "killed");
    const child = await holder(path);
    child.kill("SIGKILL");
    await exited(child);
    expect(JSON.parse(readFileSync(join(path, "writer.lock"), "utf8")).pid).toBe(child.pid);
    const kb = await open(path);
    await kb.ingest({ id: "after-the-kill", text: "Marker word zulu, written after the holder was killed." });
    expect(JSON.parse(readFileSync(join(path, "writer.lock"), "utf8"))).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(await uris(kb)).toEqual(["after-the-kill", "from-the-holder"]);
    await kb.close();
    expect(existsSync(join(path, "writer.lock"))).toBe(false);
  }, 30_000);

  it("lets the lock go when the holder exits without closing", async () => {
    const path = join(root, "exited");
    const child = await holder(path);
    child.stdin!.write("exit\n");
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(existsSync(join(path, "writer.lock"))).toBe(false);
  }, 30_000);

  it("refuses a writer whose view is older than another process's writes, and writes once opened again", async () => {
    const path = join(root, "stale");
    const seed = await open(path);
    await seed.ingest({ id: "seed", text: "Marker word alpha, the first document." });
    await seed.close();
    const stale = await open(path);
    const child = await holder(path);
    child.stdin!.write("close\n");
    await printed(child, "closed");
    child.kill();
    await exited(child);
    const before = readFileSync(join(path, "log.bkkb"));
    await expect(stale.ingest({ id: "late", text: "Marker word bravo." })).rejects.toMatchObject({ code: "StoreChanged" });
    expect(readFileSync(join(path, "log.bkkb")).equals(before)).toBe(true);
    expect(existsSync(join(path, "writer.lock"))).toBe(false);
    await stale.close();
    const fresh = await open(path);
    await fresh.ingest({ id: "late", text: "Marker word bravo." });
    expect(await uris(fresh)).toEqual(["from-the-holder", "late", "seed"]);
    await fresh.close();
  }, 30_000);

  it("refuses a second store of the same process, another host's lock (saying how to remove it), and takes over a torn lock file", async () => {
    const path = join(root, "in-process");
    const first = await open(path);
    await first.ingest({ id: "first", text: "Marker word charlie." });
    const second = await open(path);
    await expect(second.ingest({ id: "second", text: "Marker word delta." })).rejects.toMatchObject({ code: "StoreLocked", message: expect.stringContaining(`process ${process.pid}`) });
    await second.close();
    await first.close();

    const lockFile = join(path, "writer.lock");
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, hostname: `not-${hostname()}`, startedAt: "2026-01-01T00:00:00.000Z" }));
    const elsewhere = await open(path);
    const refused = await elsewhere.ingest({ id: "second", text: "Marker word delta." }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "StoreLocked" });
    expect((refused as Error).message).toContain(`on host not-${hostname()}`);
    expect((refused as Error).message).toContain(`remove ${lockFile}`);
    // Another host's lock is never removed here, even on close.
    await elsewhere.close();
    expect(existsSync(lockFile)).toBe(true);

    writeFileSync(lockFile, "");
    const torn = await open(path);
    await torn.ingest({ id: "second", text: "Marker word delta." });
    expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
    await torn.close();
    expect(existsSync(lockFile)).toBe(false);

    // A lock with this process's own PID that it does not hold is an earlier run's (a container
    // restarted with the same PID): taken over, not obeyed.
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: "2026-01-01T00:00:00.000Z" }));
    const restarted = await open(path);
    await restarted.ingest({ id: "third", text: "Marker word echo." });
    expect(JSON.parse(readFileSync(lockFile, "utf8")).startedAt).not.toBe("2026-01-01T00:00:00.000Z");
    await restarted.close();
    expect(existsSync(lockFile)).toBe(false);
  }, 30_000);
});
