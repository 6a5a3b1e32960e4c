/**
 * The hash chain of an audit log, shared by the writer and the verifier: each line ends with
 * the SHA-256 of its own content and starts with the previous line's (as CloudTrail's digest
 * files chain their digests), and
 * a sidecar digest file holds the hash of the last line and the line count, signed with
 * HMAC-SHA-256 when the user gives a key, so that a rewritten tail is caught too.
 */
import * as crypto from "node:crypto";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** The `prev` of a log's first line. */
export const genesisHash = "0".repeat(64);

/** Node's one-shot `crypto.hash` (Node 20.12+): no Hash object per line. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/** SHA-256, hex, of a text. */
export const hashLine: (line: string) => string = oneShot
  ? (line) => oneShot("sha256", line, "hex")
  : (line) => createHash("sha256").update(line, "utf8").digest("hex");

/** Where a log's digest lives: next to it. */
export function digestPath(logPath: string): string {
  return `${logPath}.digest`;
}

/** What the digest file records about the log. */
export interface Digest {
  /** Lines in the log. */
  entries: number;
  /** The last line's sha256 (`genesisHash` for an empty log). */
  lastHash: string;
  /** HMAC-SHA-256 of `entries` and `lastHash` with the user's key; absent without a key. */
  signature?: string | undefined;
}

/** The text the digest's signature covers. */
function signedText(entries: number, lastHash: string): string {
  return `bedrock-kit audit digest v1\n${entries}\n${lastHash}`;
}

/** The digest of a log with `entries` lines ending in `lastHash`, signed when there is a key. */
export function makeDigest(entries: number, lastHash: string, key: Uint8Array | undefined): Digest {
  const digest: Digest = { entries, lastHash };
  if (key) digest.signature = createHmac("sha256", key).update(signedText(entries, lastHash)).digest("hex");
  return digest;
}

/** True when the digest's signature was made with `key` over its own fields. */
export function signatureHolds(digest: Digest, key: Uint8Array): boolean {
  if (typeof digest.signature !== "string" || !/^[0-9a-f]{64}$/.test(digest.signature)) return false;
  const expected = createHmac("sha256", key).update(signedText(digest.entries, digest.lastHash)).digest();
  return timingSafeEqual(expected, Buffer.from(digest.signature, "hex"));
}
