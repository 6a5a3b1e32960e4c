/**
 * `auditLog({ path })`: one JSON line per call, hash-chained (each line ends with the SHA-256
 * of its own content, and starts with the previous line's as `prev`), appended in batches
 * with one write per batch and one `fdatasync` in flight at a time, and a digest file beside it. Never prompt text,
 * response text or credentials: an entry has only the fields below.
 */
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
  origin?: CallOrigin;
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
  onError?: "fail" | "warn";
  /**
   * Rotation: when the next line would take the file past this size, the file becomes `path.1`
   * (then `path.2`, …, oldest first) with its digest, and a new file continues the chain.
   * `verifyAuditLog(path)` checks all of them as one chain. Default: never rotate.
   */
  maxBytes?: number;
  /**
   * A secret (16 characters or bytes at least) that signs the digest with HMAC-SHA-256, so
   * that `verifyAuditLog(path, { key })` also catches a log rewritten whole.
   */
  key?: string | Uint8Array;
}

/** An audit log to pass as `createClient({ audit })`. */
export interface AuditLog {
  /** The log file. */
  readonly path: string;
  /** @internal Appends one call's line; resolves once it is on disk. */
  record(entry: AuditEntry): Promise<void>;
}

/** The digest file's fixed size: its JSON (under 200 bytes) padded with spaces, so an overwrite never leaves a longer old tail. */
const digestRecordBytes = 256;

interface PendingLine {
  /** The line with its newline. */
  line: string;
  /** Its UTF-8 length. */
  bytes: number;
  /** The chain's hash once this line is written (what the digest records). */
  hash: string;
  resolve: () => void;
  reject: (error: unknown) => void;
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
  let warned = false;
  return {
    path,
    async record(entry) {
      try {
        await writer.record(entry);
      } catch (error) {
        if (onError === "fail") throw error;
        if (!warned) {
          warned = true;
          process.emitWarning((error as Error).message, { code: "BEDROCK_KIT_AUDIT" });
        }
      }
    },
  };
}

/** One writer per log file in a process: two clients on one path extend one chain. */
const writers = new Map<string, { writer: Writer; key: Uint8Array | undefined }>();

function sameKey(left: Uint8Array | undefined, right: Uint8Array | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  return Buffer.from(left).equals(Buffer.from(right));
}

/** Appends lines to one log file. */
interface Writer {
  record(entry: AuditEntry): Promise<void>;
}

function createWriter(path: string, key: Uint8Array | undefined, maxBytes: number | undefined): Writer {
  let handle: Promise<FileHandle> | undefined;
  let digestHandle: FileHandle | undefined;
  /** The chain's last hash (lines appended, written or not). */
  let lastHash = genesisHash;
  let opened = false;
  let broken: BedrockKitError | undefined;
  let pending: PendingLine[] = [];
  let flushing = false;
  /** Rotated files so far (`path.1` … `path.N`). */
  let rotations = 0;
  /** Lines and bytes written to the current file. */
  let fileEntries = 0;
  let fileBytes = 0;
  /** The file lines are appended to now (set once the log is open; replaced by rotation). */
  let currentFile: FileHandle | undefined;
  /** Lines written to the file and not yet covered by a finished `fdatasync`. */
  let unsynced: PendingLine[] = [];
  /** The `fdatasync` in flight (and the digest write after it), if any. */
  let syncing: Promise<void> | undefined;

  /** Overwrites the digest in place: one small write of a fixed-size record (padded JSON). */
  async function writeDigest(digest: Digest): Promise<void> {
    digestHandle ??= await open(digestPath(path), "r+").catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return open(digestPath(path), "w");
      throw error;
    });
    await digestHandle.write(JSON.stringify(digest).padEnd(digestRecordBytes, " "), 0);
  }

  async function openFile(): Promise<FileHandle> {
    const file = await open(path, "a").catch((error: unknown) => {
      throw auditFailure(path, `it cannot be opened for appending (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    });
    fileBytes = (await file.stat()).size;
    return file;
  }

  async function openLog(): Promise<FileHandle> {
    await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
      throw auditFailure(path, `its folder cannot be created (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    });
    const existing = await inspectLog(path, key).catch((error: unknown) => {
      throw auditFailure(path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    });
    const verification = existing.verification;
    if (!verification.ok) {
      // A crash between a write and its digest leaves whole, chained lines the digest does not cover yet: cover them.
      if (verification.uncoveredLines === undefined) throw auditFailure(path, `its chain is broken (${verification.reason}); move it aside to start a new log`);
      process.emitWarning(`The audit log ${path} had ${verification.uncoveredLines} line(s) after its digest (a crash while writing?); they are covered now`, { code: "BEDROCK_KIT_AUDIT" });
    }
    rotations = existing.rotations;
    fileEntries = existing.currentEntries;
    lastHash = existing.lastHash;
    const file = await openFile();
    opened = true;
    return file;
  }

  /** Closes the current file (after every write to it is synced) and starts the next one; the chain runs on. */
  async function rotate(file: FileHandle): Promise<FileHandle> {
    // Every line of this file is synced and covered by its digest before the file moves.
    while (syncing) await syncing;
    await file.close();
    await digestHandle?.close();
    digestHandle = undefined;
    rotations += 1;
    await rename(path, rotatedPath(path, rotations));
    await rename(digestPath(path), digestPath(rotatedPath(path, rotations)));
    fileEntries = 0;
    return openFile();
  }

  /** Marks the log broken and rejects every line not yet on disk. */
  function fail(error: unknown, lines: PendingLine[]): void {
    broken ??= BedrockKitError.isInstance(error) ? (error as BedrockKitError) : auditFailure(path, `a write failed (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
    const waiting = [...lines, ...unsynced, ...pending];
    unsynced = [];
    pending = [];
    for (const item of waiting) item.reject(broken);
  }

  /**
   * Syncs what has been written, one `fdatasync` at a time: a sync covers every line written
   * before it started, so lines written while one is in flight wait for the next, and a busy
   * client makes a few syncs, not one per line. After each sync the digest moves on and those
   * lines' calls end.
   */
  function startSync(): void {
    const file = currentFile;
    if (syncing || unsynced.length === 0 || !file) return;
    const covering = unsynced;
    unsynced = [];
    const covered = fileEntries;
    const last = covering[covering.length - 1]!;
    // The bookkeeping runs in a `then`, always after `syncing` is set, however the sync ends.
    syncing = syncLines(file, covering, covered, last).then((synced) => {
      syncing = undefined;
      if (!synced) return;
      for (const item of covering) item.resolve();
      startSync();
    });
  }

  /** Syncs the file and moves the digest on to `last`; false (the log marked broken) when either fails. */
  async function syncLines(file: FileHandle, covering: PendingLine[], covered: number, last: PendingLine): Promise<boolean> {
    try {
      await file.datasync();
      // The digest follows the lines it covers (a crash in between leaves it behind, never ahead).
      await writeDigest(makeDigest(covered, last.hash, key));
      return true;
    } catch (error) {
      fail(error, covering);
      return false;
    }
  }

  /**
   * Writes waiting lines in order, one write per batch, and starts a sync for them. Past
   * `maxBytes`, the file is rotated first (a batch is cut at the line that does not fit).
   */
  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      let file = await (handle ??= openLog());
      currentFile = file;
      while (pending.length > 0 && !broken) {
        const waiting = pending;
        pending = [];
        for (let start = 0; start < waiting.length && !broken; ) {
          if (maxBytes !== undefined && fileBytes > 0 && fileBytes + waiting[start]!.bytes > maxBytes) {
            try {
              file = await rotate(file);
              handle = Promise.resolve(file);
              currentFile = file;
            } catch (error) {
              fail(error, waiting.slice(start));
              return;
            }
          }
          let end = start;
          let bytes = 0;
          while (end < waiting.length && (end === start || maxBytes === undefined || fileBytes + bytes + waiting[end]!.bytes <= maxBytes)) {
            bytes += waiting[end]!.bytes;
            end += 1;
          }
          const batch = waiting.slice(start, end);
          start = end;
          try {
            await file.write(batch.length === 1 ? batch[0]!.line : batch.map((item) => item.line).join(""));
          } catch (error) {
            fail(error, [...batch, ...waiting.slice(start)]);
            return;
          }
          fileBytes += bytes;
          fileEntries += batch.length;
          unsynced.push(...batch);
          startSync();
        }
      }
    } catch (error) {
      fail(error, []);
    } finally {
      flushing = false;
    }
  }

  function append(entry: AuditEntry): Promise<void> {
    if (broken) return Promise.reject(broken);
    // The chain is extended in call order, before the write, so concurrent calls each get one line.
    const body = JSON.stringify({ prev: lastHash, ...entry });
    // Each line ends with the SHA-256 of everything before it, `prev` included: the next line's `prev`.
    lastHash = hashLine(body);
    const line = `${body.slice(0, -1)},"sha256":"${lastHash}"}\n`;
    const stored = new Promise<void>((resolve, reject) => pending.push({ line, bytes: Buffer.byteLength(line, "utf8"), hash: lastHash, resolve, reject }));
    flush().catch(() => undefined);
    return stored;
  }

  return {
    async record(entry) {
      if (!opened && !broken) {
        // The first line's prev depends on the existing log: open it before chaining.
        try {
          await (handle ??= openLog());
        } catch (error) {
          broken = BedrockKitError.isInstance(error) ? (error as BedrockKitError) : auditFailure(path, "it could not be opened", error);
        }
      }
      await append(entry);
    },
  };
}
