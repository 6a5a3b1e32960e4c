/**
 * AWS Signature Version 4 for the direct path's requests, synchronous apart from the
 * credentials. The steps are AWS's (IAM User Guide, "Create a signed AWS API request",
 * read 2026-11-30): canonical request, string to sign, a signing key derived from the
 * date, Region and service, then the signature. The headers come out as the SDK's
 * `SignatureV4` (`@smithy/signature-v4` 5.7.5, read 2026-11-30) writes them, in the same
 * order: `x-amz-date`, `x-amz-security-token` (with a session token),
 * `x-amz-content-sha256`, `authorization`; test/sigv4.test.ts compares the two.
 * Measured at the start of a stream in the peer benchmark, the SDK's signer took 0.18 ms of
 * the 0.42 ms before the request left (docs/performance.md).
 */
import { createHash, createHmac } from "node:crypto";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** What one request needs signed: its path has no query string; every header is signed. */
export interface UnsignedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const algorithm = "AWS4-HMAC-SHA256";

/**
 * Headers the SDK's signer leaves unsigned, as proxies may change them
 * (`@smithy/signature-v4` 5.7.5 `ALWAYS_UNSIGNABLE_HEADERS`, `PROXY_HEADER_PATTERN`,
 * `SEC_HEADER_PATTERN`; read 2026-11-30). The direct path sends none of them today.
 */
const unsignable = new Set(["authorization", "cache-control", "connection", "expect", "from", "keep-alive", "max-forwards", "pragma", "referer", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"]);
const signable = (name: string): boolean => !unsignable.has(name) && !name.startsWith("proxy-") && !name.startsWith("sec-");

/** A URI component encoded as SigV4 wants it: RFC 3986 unreserved characters kept, `!'()*` escaped too. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical URI of every service but S3: the path with empty and `.` segments
 * removed and `..` taking the one before it, then each segment encoded again.
 */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(escapeUri(segment));
  }
  const leading = path.startsWith("/") ? "/" : "";
  const trailing = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return `${leading}${segments.join("/")}${trailing}`;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac("sha256", key).update(text, "utf8").digest();
}

/** The SDK's check of a resolved identity, with its message. */
function checkCredentials(credentials: unknown): asserts credentials is AwsCredentialIdentity {
  const identity = credentials as Partial<AwsCredentialIdentity> | undefined;
  if (typeof identity !== "object" || identity === null || typeof identity.accessKeyId !== "string" || typeof identity.secretAccessKey !== "string") {
    throw new Error("Resolved credential object is not valid");
  }
}

/** Signs requests for one Region and service with the identity `credentials` resolves (memoized and refreshed by its provider). */
export class RequestSigner {
  /** The last signing key: it changes with the day and the identity. */
  #key: { shortDate: string; accessKeyId: string; secretAccessKey: string; value: Buffer } | undefined;

  constructor(
    readonly region: string,
    readonly service: string,
    readonly credentials: AwsCredentialIdentityProvider,
  ) {}

  /** The request's headers with the SigV4 ones added (a new object; `request` is unchanged). */
  async sign(request: UnsignedRequest, signingDate: Date): Promise<Record<string, string>> {
    const credentials: unknown = await this.credentials();
    checkCredentials(credentials);
    const longDate = signingDate.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
    const shortDate = longDate.slice(0, 8);
    const scope = `${shortDate}/${this.region}/${this.service}/aws4_request`;
    const payloadHash = sha256Hex(request.body);
    const headers: Record<string, string> = { ...request.headers, "x-amz-date": longDate };
    if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;
    headers["x-amz-content-sha256"] = payloadHash;
    const canonical = new Map<string, string>();
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (signable(lower)) canonical.set(lower, value.trim().replace(/\s+/g, " "));
    }
    const names = [...canonical.keys()].sort();
    const signedHeaders = names.join(";");
    const canonicalHeaders = names.map((name) => `${name}:${canonical.get(name)}\n`).join("");
    const canonicalRequest = `${request.method}\n${canonicalPath(request.path)}\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
    const stringToSign = `${algorithm}\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const signature = createHmac("sha256", this.#signingKey(credentials, shortDate)).update(stringToSign, "utf8").digest("hex");
    headers.authorization = `${algorithm} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  #signingKey(credentials: AwsCredentialIdentity, shortDate: string): Buffer {
    const key = this.#key;
    if (key && key.shortDate === shortDate && key.accessKeyId === credentials.accessKeyId && key.secretAccessKey === credentials.secretAccessKey) return key.value;
    const value = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, shortDate), this.region), this.service), "aws4_request");
    this.#key = { shortDate, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, value };
    return value;
  }
}
