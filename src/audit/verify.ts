/** `verifyAuditLog`: checks an audit log's hash chain, each line's own hash and its digest. */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { ValidationError } from "../errors.js";
import { digestPath, genesisHash, hashLine, signatureHolds, type Digest } from "./chain.js";

/** What {@link verifyAuditLog} answers. */
export interface AuditVerification {
  /** True when every line is intact, in order, none is missing, and the digest (if any) matches. */
  ok: boolean;
  /** Lines read. */
  entries: number;
  /** The 1-based number of the first line that is not what was written (absent when `ok`). */
  firstBrokenLine?: number;
  /** Why the log fails, in one sentence (absent when `ok`). */
  reason?: string;
  /** Whether a digest file was found next to the log and checked. */
  digestChecked: boolean;
  /**
   * Lines after the last one the digest covers, when the chain is intact up to them: what a
   * crash between a write and its digest leaves (or lines someone appended). The writer
   * covers them again when it next opens the log, with a warning.
   */
  uncoveredLines?: number;
}

/** Options of {@link verifyAuditLog}. */
export interface VerifyAuditLogOptions {
  /**
   * The key the log was written with (`auditLog({ key })`). With it, the digest's HMAC must
   * hold: a log rewritten whole by someone without the key fails.
   */
  key?: string | Uint8Array;
}

const hashSuffixLength = ',"sha256":"'.length + 64 + '"}'.length;
const prevPattern = /^\{"prev":"([0-9a-f]{64})"/;

/** What one line says of itself (its `prev` and its own sha256, checked), or why it is not a line bedrock-kit wrote. */
export function checkLine(line: string): { prev: string; hash: string } | { problem: string } {
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
  try {
    return JSON.parse(text) as Digest;
  } catch {
    return { entries: -1, lastHash: "" };
  }
}

/**
 * Reads an audit log written by `auditLog` and checks it: every line's own SHA-256 (a
 * changed byte), every line's `prev` against the line before it (a deleted, inserted or
 * reordered line), a last line cut short, and the digest file beside the log (lines cut
 * off the end; with `key`, a log rewritten whole). Names the first broken line. Streams the
 * file: a million lines take a few seconds.
 *
 * ```ts
 * const check = await verifyAuditLog("./audit.jsonl");
 * if (!check.ok) console.error(`audit log broken at line ${check.firstBrokenLine}: ${check.reason}`);
 * ```
 */
export async function verifyAuditLog(path: string, options: VerifyAuditLogOptions = {}): Promise<AuditVerification> {
  if (typeof path !== "string" || path === "") throw new ValidationError("Invalid path: expected the audit log's file path", { field: "path" });
  const key = keyBytes(options.key, "key");
  const digest = await readDigest(path);
  let entries = 0;
  let previousHash = genesisHash;
  let hashAtDigest = digest && digest.entries === 0 ? genesisHash : undefined;
  let pending = "";
  const broken = (line: number, reason: string, extra: Partial<AuditVerification> = {}): AuditVerification => ({ ok: false, entries, firstBrokenLine: line, reason, digestChecked: digest !== undefined, ...extra });
  for await (const piece of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = pending + (piece as string);
    let start = 0;
    for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
      const line = text.slice(start, end);
      start = end + 1;
      entries += 1;
      const checked = checkLine(line);
      if ("problem" in checked) return broken(entries, `line ${entries}: ${checked.problem}`);
      if (checked.prev !== previousHash) return broken(entries, `line ${entries} does not follow line ${entries - 1}: a line was deleted or inserted there, or the lines were reordered`);
      previousHash = checked.hash;
      if (digest && entries === digest.entries) hashAtDigest = previousHash;
    }
    pending = text.slice(start);
  }
  if (pending !== "") {
    entries += 1;
    return broken(entries, `line ${entries} is cut short (no newline): the file was truncated or a write was torn`);
  }
  if (!digest) {
    if (key) return broken(entries + 1, "the digest file is missing, so the log's end cannot be checked with the key");
    return { ok: true, entries, digestChecked: false };
  }
  const coveredLine = Math.min(entries, Math.max(digest.entries, 0)) + 1;
  if (key && !signatureHolds(digest, key)) return broken(coveredLine, "the digest's signature does not hold with this key: the log or its digest was rewritten");
  if (digest.entries > entries || hashAtDigest !== digest.lastHash) {
    return broken(coveredLine, `the log's first ${digest.entries} lines are not the ones its digest covers: lines were removed from its end or the log was replaced`);
  }
  if (digest.entries < entries) {
    return broken(digest.entries + 1, `${entries - digest.entries} line(s) at the end are not covered by the digest (written just before a crash, or appended by someone else)`, { uncoveredLines: entries - digest.entries });
  }
  return { ok: true, entries, digestChecked: true };
}
