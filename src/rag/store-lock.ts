/**
 * One writer per file-store folder: `writer.lock`, created with an exclusive create and
 * holding `{ pid, hostname, startedAt }` as JSON. A writer takes it before its first write
 * and keeps it until `close()` (or the process's exit). A lock of a process that no longer
 * runs on this host, or one that cannot be read, is taken over: a new file is renamed over
 * it and read back. A lock of another host is never taken over: whether its process still
 * runs cannot be told from here.
 */
import { readFileSync, unlinkSync } from "node:fs";
import { mkdir, open as openFile, readFile, rename, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ValidationError } from "bedrock-kit";
import { isRunning, temporaryName } from "./store-log.js";

/** The lock file in a store folder. */
const lockFileName = "writer.lock";

/** What a lock file holds. */
interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** How long a takeover waits before reading the lock back, so that a rival taking it over at the same time is seen. */
const settleMs = 50;

/** The lock files this process holds, removed on exit by one handler (registered while the set is not empty). */
const heldLocks = new Map<string, string>();

function removeHeldLocks(): void {
  for (const [file, contents] of heldLocks) {
    try {
      // Only a lock still ours: after a takeover it belongs to another process.
      if (readFileSync(file, "utf8") === contents) unlinkSync(file);
    } catch {
      // Already gone, or the folder is: nothing to release.
    }
  }
}

function remember(file: string, contents: string): void {
  if (heldLocks.size === 0) process.on("exit", removeHeldLocks);
  heldLocks.set(file, contents);
}

function forget(file: string): void {
  heldLocks.delete(file);
  if (heldLocks.size === 0) process.off("exit", removeHeldLocks);
}

/** The lock file's text, or undefined when there is none. */
async function readLock(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    // Unreadable (e.g. permissions): treated as torn, so the takeover's own errors say why.
    return "";
  });
}

/** The holder a lock file names, or undefined when its text is not a whole lock (torn or foreign). */
function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(holder.pid) && typeof holder.hostname === "string" && typeof holder.startedAt === "string") return holder as LockHolder;
  } catch {
    // Torn: written by a process cut off between creating the file and writing it.
  }
  return undefined;
}

/** The refusal for a lock that another writer holds (or may hold). */
function lockedError(folder: string, file: string, holder: LockHolder, sameHost: boolean): ValidationError {
  const message = sameHost
    ? `The store at ${folder} is locked by process ${holder.pid} on this host (since ${holder.startedAt}): one process writes a store folder at a time. Close that process's knowledge base (or let it finish), then try again`
    : `The store at ${folder} is locked by process ${holder.pid} on host ${holder.hostname} (since ${holder.startedAt}), and this host cannot tell whether it still runs. If it does not, remove ${file} and try again`;
  return new ValidationError(message, { code: "StoreLocked", field: "store.path" });
}

/** The write lock of one store folder, as one store sees it. */
export interface StoreLock {
  /** Takes the lock unless this store holds it; throws a `StoreLocked` ValidationError while another writer holds it. */
  acquire(): Promise<void>;
  /** Removes the lock file if this store holds it. */
  release(): Promise<void>;
  /** True while this store holds the lock. */
  readonly held: boolean;
}

/** The write lock of the store folder `folder` (created on the first acquire). */
export function storeLock(folder: string): StoreLock {
  const file = join(folder, lockFileName);
  let contents: string | undefined;

  /** Reads the lock back: true when it is ours (then remembered for release). */
  const confirm = async (mine: string): Promise<boolean> => {
    if ((await readLock(file)) !== mine) return false;
    contents = mine;
    remember(file, mine);
    return true;
  };

  /** Writes `mine` to a temporary file and renames it over the lock; true when it is then ours. */
  const takeOver = async (mine: string, seen: string): Promise<boolean> => {
    const temporary = temporaryName(folder, lockFileName);
    try {
      const handle = await openFile(temporary, "wx");
      try {
        await handle.writeFile(mine);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Still the lock judged stale (no one took it over meanwhile)?
      if ((await readLock(file)) !== seen) return false;
      await rename(temporary, file);
    } finally {
      await rm(temporary, { force: true });
    }
    await sleep(settleMs);
    return confirm(mine);
  };

  /** Creates the lock file, failing if one exists; true when it is then ours. */
  const create = async (mine: string): Promise<boolean> => {
    const handle = await openFile(file, "wx").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") return undefined;
      throw error;
    });
    if (!handle) return false;
    try {
      await handle.writeFile(mine);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return confirm(mine);
  };

  return {
    get held() {
      return contents !== undefined;
    },
    async acquire() {
      if (contents !== undefined) return;
      await mkdir(folder, { recursive: true });
      const host = hostname();
      const mine = JSON.stringify({ pid: process.pid, hostname: host, startedAt: new Date().toISOString() } satisfies LockHolder);
      for (let attempt = 0; attempt < 5; attempt++) {
        if (await create(mine)) return;
        let seen = await readLock(file);
        if (seen === undefined) continue;
        let holder = parseHolder(seen);
        if (!holder) {
          // Perhaps a writer between its create and its write: read it once more before taking it over.
          await sleep(settleMs);
          seen = await readLock(file);
          if (seen === undefined) continue;
          holder = parseHolder(seen);
        }
        if (holder && holder.hostname !== host) throw lockedError(folder, file, holder, false);
        // This process's own PID on a lock it does not hold is an earlier run's (a container
        // restarted with the same PID): stale. One it holds (another store on this folder) is not.
        const alive = holder !== undefined && (holder.pid === process.pid ? [...heldLocks.values()].includes(seen) : isRunning(holder.pid));
        if (holder && alive) throw lockedError(folder, file, holder, true);
        if (await takeOver(mine, seen)) return;
      }
      const holder = parseHolder((await readLock(file)) ?? "");
      if (holder) throw lockedError(folder, file, holder, holder.hostname === host);
      throw new ValidationError(`The store at ${folder} could not be locked for writing: its lock file ${file} keeps changing`, { code: "StoreLocked", field: "store.path" });
    },
    async release() {
      if (contents === undefined) return;
      const mine = contents;
      contents = undefined;
      forget(file);
      if ((await readLock(file)) === mine) await rm(file, { force: true });
    },
  };
}
