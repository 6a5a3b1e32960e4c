/** `verifyAuditLog`: checks an audit log's hash chain, each line's own hash and its digest. */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { ValidationError } from "../errors.js";
import { digestPath, genesisHash, hashLine, signatureHolds, type Digest } from "./chain.js";

/** What {@link verifyAuditLog} answers. */
export interface AuditVerification {
  /** True when every line is intact, in order, none is missing, and the digest (if any) matches. */
  ok: boolean;
  /** Lines read. */
  entries: number;
  /** The 1-based number of the first line that is not what was written (absent when `ok`). */
  firstBrokenLine?: number | undefined;
  /** Why the log fails, in one sentence (absent when `ok`). */
  reason?: string | undefined;
  /** For a log rotated by size: the file the first broken line is in. */
  file?: string | undefined;
  /** Whether a digest file was found next to the log and checked. */
  digestChecked: boolean;
  /**
   * Lines after the last one the digest covers, when the chain is intact up to them: what a
   * crash between a write and its digest leaves (or lines someone appended). The writer
   * covers them again when it next opens the log, with a warning.
   */
  uncoveredLines?: number | undefined;
}

/** Options of {@link verifyAuditLog}. */
export interface VerifyAuditLogOptions {
  /**
   * The key the log was written with (`auditLog({ key })`). With it, the digest's HMAC must
   * hold: a log rewritten whole by someone without the key fails.
   */
  key?: string | Uint8Array | undefined;
}

const hashSuffixLength = ',"sha256":"'.length + 64 + '"}'.length;
const prevPattern = /^\{"prev":"([0-9a-f]{64})"/;

/** What one line says of itself (its `prev` and its own sha256, checked), or why it is not a line bedrock-kit wrote. */
function checkLine(line: string): { prev: string; hash: string } | { problem: string } {
  const suffixStart = line.length - hashSuffixLength;
  if (suffixStart <= 0 || !line.startsWith(',"sha256":"', suffixStart) || !line.endsWith('"}')) return { problem: "it does not end with its own sha256" };
  const recorded = line.slice(suffixStart + ',"sha256":"'.length, line.length - 2);
  const body = `${line.slice(0, suffixStart)}}`;
  if (hashLine(body) !== recorded) return { problem: "its content does not match its own sha256 (it was changed)" };
  const prev = prevPattern.exec(line)?.[1];
  if (prev === undefined) return { problem: "it has no prev hash" };
  return { prev, hash: recorded };
}

/** The key as bytes. */
export function keyBytes(key: string | Uint8Array | undefined, field: string): Uint8Array | undefined {
  if (key === undefined) return undefined;
  if (typeof key === "string" && key.length >= 16) return Buffer.from(key, "utf8");
  if (key instanceof Uint8Array && key.byteLength >= 16) return key;
  throw new ValidationError(`Invalid ${field}: expected a secret of at least 16 characters or bytes`, { field });
}

async function readDigest(logPath: string): Promise<Digest | undefined> {
  let text: string;
  try {
    text = await readFile(digestPath(logPath), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  // Created but not yet written (a crash right after the writer created it): as good as absent.
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as Digest;
  } catch {
    return { entries: -1, lastHash: "" };
  }
}

/** One file of a log checked: its verdict and where its chain ends. */
interface FileCheck {
  verification: AuditVerification;
  lastHash: string;
  /** Lines its digest covers (0 without a digest). */
  digestEntries: number;
  /**
   * The bytes of a last line cut short after whole, chained lines its digest does not
   * contradict: what a crash in the middle of a write leaves (the writer removes them).
   */
  tornBytes?: number | undefined;
}

/** Checks one file whose first line must follow `firstPrev`. */
async function checkFile(path: string, firstPrev: string, key: Uint8Array | undefined): Promise<FileCheck> {
  const digest = await readDigest(path);
  let entries = 0;
  let previousHash = firstPrev;
  let hashAtDigest = digest && digest.entries === 0 ? firstPrev : undefined;
  let pending = "";
  const digestEntries = digest ? Math.max(digest.entries, 0) : 0;
  const broken = (line: number, reason: string, extra: Partial<AuditVerification> = {}, tornBytes?: number): FileCheck => ({
    verification: { ok: false, entries, firstBrokenLine: line, reason, digestChecked: digest !== undefined, ...extra },
    lastHash: previousHash,
    digestEntries,
    ...(tornBytes === undefined ? {} : { tornBytes }),
  });
  for await (const piece of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = pending + (piece as string);
    let start = 0;
    for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
      const line = text.slice(start, end);
      start = end + 1;
      entries += 1;
      const checked = checkLine(line);
      if ("problem" in checked) return broken(entries, `line ${entries}: ${checked.problem}`);
      if (checked.prev !== previousHash) {
        const where = entries === 1 ? "the end of the file before it (a rotated file is missing or was replaced)" : `line ${entries - 1}: a line was deleted or inserted there, or the lines were reordered`;
        return broken(entries, `line ${entries} does not follow ${where}`);
      }
      previousHash = checked.hash;
      if (digest && entries === digest.entries) hashAtDigest = previousHash;
    }
    pending = text.slice(start);
  }
  if (pending !== "") {
    // A crash in the middle of a write can leave this only past what the digest covers, the lines before it whole.
    const afterDigest = digest ? digest.entries <= entries && hashAtDigest === digest.lastHash && (!key || signatureHolds(digest, key)) : !key;
    entries += 1;
    return broken(entries, `line ${entries} is cut short (no newline): the file was truncated or a write was torn`, {}, afterDigest ? Buffer.byteLength(pending, "utf8") : undefined);
  }
  if (!digest) {
    if (key) return broken(entries + 1, "the digest file is missing, so the log's end cannot be checked with the key");
    return { verification: { ok: true, entries, digestChecked: false }, lastHash: previousHash, digestEntries };
  }
  const coveredLine = Math.min(entries, Math.max(digest.entries, 0)) + 1;
  if (key && !signatureHolds(digest, key)) return broken(coveredLine, "the digest's signature does not hold with this key: the log or its digest was rewritten");
  if (digest.entries > entries || hashAtDigest !== digest.lastHash) {
    return broken(coveredLine, `the file's first ${digest.entries} lines are not the ones its digest covers: lines were removed from its end or the file was replaced`);
  }
  if (digest.entries < entries) {
    return broken(digest.entries + 1, `${entries - digest.entries} line(s) at the end are not covered by the digest (written just before a crash, or appended by someone else)`, { uncoveredLines: entries - digest.entries });
  }
  return { verification: { ok: true, entries, digestChecked: true }, lastHash: previousHash, digestEntries };
}

/** The file of rotation number `index` (1 is the oldest). */
export function rotatedPath(path: string, index: number): string {
  return `${path}.${index}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** What the writer needs to know of an existing log: the verdict, where the chain ends, how many files were rotated, the current file's lines. */
export interface LogState {
  verification: AuditVerification;
  lastHash: string;
  rotations: number;
  /** Lines in the current file (a last line cut short included). */
  currentEntries: number;
  /** Lines of the current file its digest covers. */
  digestEntries: number;
  /** The current file's last line cut short by a crash during a write (see `FileCheck`), in bytes. */
  tornBytes?: number | undefined;
}

/** Checks every file of a log, oldest rotation first, the chain running across them. */
export async function inspectLog(path: string, key: Uint8Array | undefined): Promise<LogState> {
  let rotations = 0;
  while (await exists(rotatedPath(path, rotations + 1))) rotations += 1;
  let lastHash = genesisHash;
  let total = 0;
  let digestChecked = false;
  for (let index = 1; index <= rotations + 1; index++) {
    const file = index <= rotations ? rotatedPath(path, index) : path;
    if (index > rotations && !(await exists(file))) break;
    const checked = await checkFile(file, lastHash, key);
    const { uncoveredLines, ...verification } = checked.verification;
    digestChecked ||= verification.digestChecked;
    if (!verification.ok) {
      // Only the current file can end in lines a crash left uncovered: a rotated file was closed whole.
      const current = index > rotations;
      const crashTail = current && uncoveredLines !== undefined ? { uncoveredLines } : {};
      const result: AuditVerification = { ...verification, ...crashTail, entries: total + verification.entries, ...(rotations > 0 ? { file } : {}) };
      const torn = current && checked.tornBytes !== undefined ? { tornBytes: checked.tornBytes } : {};
      return { verification: result, lastHash: checked.lastHash, rotations, currentEntries: verification.entries, digestEntries: checked.digestEntries, ...torn };
    }
    total += verification.entries;
    lastHash = checked.lastHash;
    if (index > rotations) return { verification: { ok: true, entries: total, digestChecked }, lastHash, rotations, currentEntries: verification.entries, digestEntries: checked.digestEntries };
  }
  return { verification: { ok: true, entries: total, digestChecked }, lastHash, rotations, currentEntries: 0, digestEntries: 0 };
}

/**
 * Reads an audit log written by `auditLog` and checks it: every line's own SHA-256 (a
 * changed byte), every line's `prev` against the line before it (a deleted, inserted or
 * reordered line), a last line cut short, and the digest file beside each file (lines cut
 * off the end; with `key`, a log rewritten whole). A log rotated by size (`path.1`,
 * `path.2`, …, oldest first) is checked as one chain across its files. Names the first
 * broken line (and, for a rotated log, its `file`). Streams the files: a million lines take
 * a few seconds.
 *
 * ```ts
 * const check = await verifyAuditLog("./audit.jsonl");
 * if (!check.ok) console.error(`audit log broken at line ${check.firstBrokenLine}: ${check.reason}`);
 * ```
 */
export async function verifyAuditLog(path: string, options: VerifyAuditLogOptions = {}): Promise<AuditVerification> {
  if (typeof path !== "string" || path === "") throw new ValidationError("Invalid path: expected the audit log's file path", { field: "path" });
  const key = keyBytes(options.key, "key");
  if (!(await exists(path)) && !(await exists(rotatedPath(path, 1)))) {
    const missing = new Error(`ENOENT: no such file or directory, open '${path}'`) as NodeJS.ErrnoException;
    missing.code = "ENOENT";
    throw missing;
  }
  return (await inspectLog(path, key)).verification;
}
