/**
 * `auditLog({ path })`: one JSON line per call, hash-chained (each line ends with the SHA-256
 * of its own content, and starts with the previous line's as `prev`), and a digest file
 * beside it. Group commit: a line is chained when its call ends, in call order; the lines of
 * calls that end together (while other calls are still out, or while a write is on its way
 * to disk) go in one durable write with one digest update, the batch's calls sharing one
 * promise. Never prompt text, response text or credentials: an entry has only the fields below.
 */
import { constants, writeSync } from "node:fs";
import { mkdir, open, rename, type FileHandle } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { BedrockKitError, ValidationError } from "../errors.js";
import type { CallOrigin } from "../types.js";
import { digestPath, genesisHash, hashLine, makeDigest, type Digest } from "./chain.js";
import { inspectLog, keyBytes, rotatedPath } from "./verify.js";

/** One call, as the audit log records it. */
export interface AuditEntry {
  /** When the call ended, ISO 8601. */
  time: string;
  /** `invoke`, `stream`, `embed`, `image`, `rerank`, `countTokens`, `estimate`, `applyGuardrail`, `batch` (a batch submission), `customization`. */
  operation: string;
  /** The model ID as requested. */
  modelId: string;
  /** Bedrock's request ID of the last request, when one answered. */
  requestId: string | null;
  /** The same as the call's events' `callId`. */
  callId: string;
  /** Input tokens Bedrock reported (or the best known, for a stream that ended early). */
  inputTokens: number;
  /** Output tokens. */
  outputTokens: number;
  /** The call's cost in USD, when its price is known. */
  costUsd: number | null;
  /** `success`; `error` (the call failed); `denied` (refused by the model policy or the budget). */
  outcome: "success" | "error" | "denied";
  /** Retries the call made. */
  retries: number;
  /** The error's code, for `error` and `denied`. */
  errorCode: string | null;
  /** Only on the line of a call made with an `origin`: the agent step or knowledge-base query it belongs to. */
  origin?: CallOrigin | undefined;
}

/** Options of {@link auditLog}. */
export interface AuditLogOptions {
  /** The log file (JSON lines). Created with its folder if missing; appended to, after its chain is checked, if it exists. */
  path: string;
  /**
   * What a call does when its line cannot be written: `fail` (default: the call fails with
   * `BedrockKitError` code `AuditLogFailed`, since the log is a promise) or `warn` (a
   * process warning, the call goes on).
   */
  onError?: "fail" | "warn" | undefined;
  /**
   * Rotation: when the next line would take the file past this size, the file becomes `path.1`
   * (then `path.2`, …, oldest first) with its digest, and a new file continues the chain.
   * `verifyAuditLog(path)` checks all of them as one chain. Default: never rotate.
   */
  maxBytes?: number | undefined;
  /**
   * A secret (16 characters or bytes at least) that signs the digest with HMAC-SHA-256, so
   * that `verifyAuditLog(path, { key })` also catches a log rewritten whole.
   */
  key?: string | Uint8Array | undefined;
}

/** An audit log to pass as `createClient({ audit })`. */
export interface AuditLog {
  /** The log file. */
  readonly path: string;
  /**
   * @internal Appends one call's line; resolves once it is on disk (never throws: a failure
   * rejects). `announced`: the call said it was coming with `expect`.
   */
  record(entry: AuditEntry, announced?: boolean): Promise<void>;
  /**
   * @internal A call goes to the network and will end with `record(entry, true)` or
   * `abandon()`: while such calls are out, the lines of calls that end wait for them, briefly,
   * to go to disk in the same write.
   */
  expect?(): void;
  /** @internal A call announced with `expect` ends without a line. */
  abandon?(): void;
}

/** The digest file's fixed size: its JSON (under 200 bytes) padded with spaces, so an overwrite never leaves a longer old tail. */
const digestRecordBytes = 256;

/**
 * On Linux the log is opened with `O_DSYNC`: each write returns once its bytes are on disk,
 * as a write followed by `fdatasync`, in one system call (one trip through the thread pool).
 * Elsewhere each write is followed by `fdatasync` (which libuv makes an `F_FULLFSYNC` on
 * macOS, where `O_DSYNC` would not flush the drive's cache).
 */
const dsync = process.platform === "linux" ? constants.O_DSYNC : undefined;
const appendFlags = dsync === undefined ? "a" : constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | dsync;

/**
 * Group commit: while calls announced with `expect` are still out, a batch waits for them
 * (they end together under `Promise.all`, `fm.map` and the like), but never longer than
 * `lingerMs` after its first line, and never `idleMs` after its last (calls that end far apart
 * do not wait for each other). With no call out, a line goes to disk at once.
 */
const idleMs = 1;
const lingerMs = 5;

/** The calls whose lines go to disk in one write: one promise they all wait on. */
interface Batch {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((resolveBatch, rejectBatch) => {
    resolve = resolveBatch;
    reject = rejectBatch;
  });
  return { promise, resolve, reject };
}

function auditFailure(path: string, detail: string, cause?: unknown): BedrockKitError {
  return new BedrockKitError(`The audit log ${path} cannot be written: ${detail}`, { code: "AuditLogFailed", cause });
}

/**
 * Opens an audit log for `createClient({ audit })`. Nothing is read or written until the
 * first call ends; then an existing log's chain is verified (a broken one is refused, never
 * extended) and lines are appended.
 *
 * ```ts
 * const fm = createClient({ audit: auditLog({ path: "./audit.jsonl" }) });
 * ```
 */
export function auditLog(options: AuditLogOptions): AuditLog {
  if (typeof options !== "object" || options === null) throw new ValidationError("Invalid options: expected { path }", { field: "options" });
  const { path } = options;
  if (typeof path !== "string" || path === "") throw new ValidationError("Invalid path: expected the audit log's file path", { field: "path" });
  const onError = options.onError ?? "fail";
  if (onError !== "fail" && onError !== "warn") throw new ValidationError('Invalid onError: expected "fail" or "warn"', { field: "onError" });
  const key = keyBytes(options.key, "key");
  const { maxBytes } = options;
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 4096)) {
    throw new ValidationError("Invalid maxBytes: expected a whole number of bytes, 4096 or more", { field: "maxBytes" });
  }
  const resolvedPath = resolve(path);
  let shared = writers.get(resolvedPath);
  if (!shared) {
    shared = { writer: createWriter(path, key, maxBytes), key };
    writers.set(resolvedPath, shared);
  } else if (!sameKey(shared.key, key)) {
    throw new ValidationError(`Invalid key: ${path} is already open in this process with a different key`, { field: "key" });
  }
  const writer = shared.writer;
  const expect = (): void => writer.expect();
  const abandon = (): void => writer.abandon();
  if (onError === "fail") return { path, record: (entry, announced) => writer.record(entry, announced), expect, abandon };
  let warned = false;
  const warn = (error: unknown): void => {
    if (warned) return;
    warned = true;
    process.emitWarning((error as Error).message, { code: "BEDROCK_KIT_AUDIT" });
  };
  return { path, record: (entry, announced) => writer.record(entry, announced).catch(warn), expect, abandon };
}

/** One writer per log file in a process: two clients on one path extend one chain. */
const writers = new Map<string, { writer: Writer; key: Uint8Array | undefined }>();

function sameKey(left: Uint8Array | undefined, right: Uint8Array | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  return Buffer.from(left).equals(Buffer.from(right));
}

/** Appends lines to one log file. */
interface Writer {
  record(entry: AuditEntry, announced: boolean | undefined): Promise<void>;
  expect(): void;
  abandon(): void;
}

function createWriter(path: string, key: Uint8Array | undefined, maxBytes: number | undefined): Writer {
  /** Opening (and checking) the log; set by the first call. */
  let opening: Promise<void> | undefined;
  let opened = false;
  let broken: BedrockKitError | undefined;
  /** The file lines are appended to now (replaced by rotation). */
  let file: FileHandle | undefined;
  let digestHandle: FileHandle | undefined;
  const digestRecord = Buffer.alloc(digestRecordBytes);
  /** The chain's last hash (lines appended, written or not). */
  let lastHash = genesisHash;
  /** Rotated files so far (`path.1` … `path.N`). */
  let rotations = 0;
  /** Lines and bytes written to the current file. */
  let fileEntries = 0;
  let fileBytes = 0;
  /** Lines chained and waiting for the next write, their hashes, their UTF-8 sizes (kept only with `maxBytes`), and the batch their calls wait on. */
  let queued: string[] = [];
  let queuedHashes: string[] = [];
  let queuedBytes: number[] = [];
  let queuedBatch: Batch | undefined;
  /** True while a batch is being written. */
  let writing = false;
  /** Calls announced with `expect` that have not ended yet. */
  let expected = 0;
  /** When the queued batch's first and last lines were chained (`performance.now()`). */
  let firstQueuedAt = 0;
  let lastQueuedAt = 0;
  /** Set while a batch waits for the calls still out. */
  let lingerTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Overwrites the digest in place: one 256-byte write of a fixed-size record (padded JSON) at
   * offset 0, made synchronously right after the lines it covers are on disk. It only changes
   * a page in the page cache (it is not synced: after a power loss the digest may lag behind
   * the lines, never run ahead of them), and doing it here saves a trip through the thread
   * pool before the batch's calls can end, which costs more than the write on a busy machine.
   */
  function writeDigest(digest: Digest): void {
    digestRecord.fill(0x20);
    digestRecord.write(JSON.stringify(digest), 0, "utf8");
    writeSync(digestHandle!.fd, digestRecord, 0, digestRecordBytes, 0);
  }

  /** Opens (or creates) the current file's digest and brings it up to the file's lines. */
  async function openDigest(): Promise<void> {
    digestHandle = await open(digestPath(path), constants.O_RDWR | constants.O_CREAT, 0o666).catch((error: unknown) => {
      throw auditFailure(path, `its digest cannot be opened (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    });
    writeDigest(makeDigest(fileEntries, lastHash, key));
  }

  async function openFile(): Promise<FileHandle> {
    const opened = await open(path, appendFlags).catch((error: unknown) => {
      throw auditFailure(path, `it cannot be opened for appending (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    });
    fileBytes = (await opened.stat()).size;
    return opened;
  }

  async function openLog(): Promise<void> {
    await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
      throw auditFailure(path, `its folder cannot be created (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    });
    const existing = await inspectLog(path, key).catch((error: unknown) => {
      throw auditFailure(path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    });
    const verification = existing.verification;
    let entries = existing.currentEntries;
    if (!verification.ok) {
      // What a crash leaves: whole, chained lines the digest does not cover yet (a crash between a
      // write and its digest), and perhaps a last line cut short (a crash during a write, whose
      // calls never ended). The cut line is removed and the whole ones are covered by the next digest.
      if (verification.uncoveredLines === undefined && existing.tornBytes === undefined) throw auditFailure(path, `its chain is broken (${verification.reason}); move it aside to start a new log`);
      if (existing.tornBytes !== undefined) {
        await removeTornLine(existing.tornBytes);
        entries -= 1;
      }
      const uncovered = entries - existing.digestEntries;
      process.emitWarning(
        `The audit log ${path} ${existing.tornBytes === undefined ? "" : "ended in a line cut short, now removed, and "}had ${uncovered} line(s) after its digest (a crash while writing?); they are covered now`,
        { code: "BEDROCK_KIT_AUDIT" },
      );
    }
    rotations = existing.rotations;
    fileEntries = entries;
    lastHash = existing.lastHash;
    file = await openFile();
    await openDigest();
    opened = true;
  }

  /** Cuts the last, unfinished line off the current file (its call never ended: a line is durable before its call ends). */
  async function removeTornLine(tornBytes: number): Promise<void> {
    const torn = await open(path, "r+").catch((error: unknown) => {
      throw auditFailure(path, `its last line, cut short by a crash, cannot be removed (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    });
    try {
      await torn.truncate((await torn.stat()).size - tornBytes);
      await torn.datasync();
    } finally {
      await torn.close();
    }
  }

  /** Closes the current file (whose lines and digest are all written) and starts the next one; the chain runs on. */
  async function rotate(): Promise<void> {
    await file!.close();
    await digestHandle?.close();
    digestHandle = undefined;
    rotations += 1;
    await rename(path, rotatedPath(path, rotations));
    await rename(digestPath(path), digestPath(rotatedPath(path, rotations)));
    fileEntries = 0;
    file = await openFile();
    await openDigest();
  }

  /** Appends bytes to the current file and returns once they are on disk (a short write goes on with the rest). */
  async function writeDurably(data: Buffer): Promise<void> {
    for (let offset = 0; offset < data.length; ) {
      const { bytesWritten } = await file!.write(data, offset, data.length - offset);
      if (bytesWritten <= 0) throw auditFailure(path, "a write made no progress");
      offset += bytesWritten;
    }
    if (dsync === undefined) await file!.datasync();
  }

  /**
   * Writes one batch's lines: one durable write (then the digest) per file they go to, the
   * file rotated first when the next line would take it past `maxBytes`.
   */
  async function writeBatch(lines: string[], hashes: string[], sizes: number[]): Promise<void> {
    for (let start = 0; start < lines.length; ) {
      let end = lines.length;
      if (maxBytes !== undefined) {
        if (fileBytes > 0 && fileBytes + sizes[start]! > maxBytes) await rotate();
        let bytes = sizes[start]!;
        for (end = start + 1; end < lines.length && fileBytes + bytes + sizes[end]! <= maxBytes; end++) bytes += sizes[end]!;
      }
      const text = start === 0 && end === lines.length ? (lines.length === 1 ? lines[0]! : lines.join("")) : lines.slice(start, end).join("");
      const data = Buffer.from(text, "utf8");
      await writeDurably(data);
      fileBytes += data.length;
      fileEntries += end - start;
      // The digest follows the lines it covers (a crash in between leaves it behind, never ahead).
      writeDigest(makeDigest(fileEntries, hashes[end - 1]!, key));
      start = end;
    }
  }

  /** Marks the log broken and fails the batch being written and the one waiting (calls after them fail at once). */
  function fail(error: unknown, batch: Batch): void {
    broken ??= BedrockKitError.isInstance(error) ? (error as BedrockKitError) : auditFailure(path, `a write failed (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    batch.reject(broken);
    queuedBatch?.reject(broken);
    if (lingerTimer !== undefined) clearTimeout(lingerTimer);
    lingerTimer = undefined;
    queued = [];
    queuedHashes = [];
    queuedBytes = [];
    queuedBatch = undefined;
  }

  /** Writes one batch (what is queued now) and then, if lines came meanwhile, decides when to write the next. */
  async function writeQueued(): Promise<void> {
    writing = true;
    const lines = queued;
    const hashes = queuedHashes;
    const sizes = queuedBytes;
    const batch = queuedBatch!;
    queued = [];
    queuedHashes = [];
    queuedBytes = [];
    queuedBatch = undefined;
    try {
      await writeBatch(lines, hashes, sizes);
      batch.resolve();
    } catch (error) {
      fail(error, batch);
    }
    writing = false;
    schedule();
  }

  /**
   * Starts a write of the queued lines now, unless calls announced with `expect` are still out:
   * then the batch waits for them, until `idleMs` after its last line or `lingerMs` after its
   * first, whichever comes first (the last of them to end starts the write at once).
   */
  function schedule(): void {
    if (writing || queued.length === 0 || broken) return;
    if (expected > 0) {
      const wait = Math.min(lastQueuedAt + idleMs, firstQueuedAt + lingerMs) - performance.now();
      if (wait > 0.5) {
        lingerTimer ??= setTimeout(lingerOver, wait);
        return;
      }
    }
    if (lingerTimer !== undefined) {
      clearTimeout(lingerTimer);
      lingerTimer = undefined;
    }
    void writeQueued();
  }

  function lingerOver(): void {
    lingerTimer = undefined;
    schedule();
  }

  /** Chains one line (in call order, at once) and returns the promise of the batch it is written in. */
  function append(entry: AuditEntry, announced: boolean | undefined): Promise<void> {
    if (announced && expected > 0) expected -= 1;
    if (broken) return Promise.reject(broken);
    // The entry's own JSON after `prev`: every field of the entry, in its order, escaped by JSON.stringify.
    const fields = JSON.stringify(entry).slice(1, -1);
    const prefix = `{"prev":"${lastHash}",${fields}`;
    // Each line ends with the SHA-256 of everything before it, `prev` included: the next line's `prev`.
    lastHash = hashLine(`${prefix}}`);
    const line = `${prefix},"sha256":"${lastHash}"}\n`;
    lastQueuedAt = performance.now();
    if (queued.length === 0) firstQueuedAt = lastQueuedAt;
    queued.push(line);
    queuedHashes.push(lastHash);
    if (maxBytes !== undefined) queuedBytes.push(Buffer.byteLength(line, "utf8"));
    const batch = (queuedBatch ??= newBatch());
    schedule();
    return batch.promise;
  }

  function openThenAppend(entry: AuditEntry, announced: boolean | undefined): Promise<void> {
    // The first line's prev depends on the existing log: open it before chaining.
    opening ??= openLog().catch((error: unknown) => {
      broken ??= BedrockKitError.isInstance(error) ? (error as BedrockKitError) : auditFailure(path, "it could not be opened", error);
    });
    return opening.then(() => append(entry, announced));
  }

  return {
    record(entry, announced) {
      return opened ? append(entry, announced) : openThenAppend(entry, announced);
    },
    expect() {
      expected += 1;
    },
    abandon() {
      if (expected > 0) expected -= 1;
      schedule();
    },
  };
}
