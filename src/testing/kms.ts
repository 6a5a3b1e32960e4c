/**
 * The offline Bedrock's small AWS KMS: keys a test creates, `GenerateDataKey`, `Encrypt` and
 * `Decrypt` over the AWS JSON 1.1 protocol, with real AES-256-GCM under a secret per key.
 *
 * The protocol, restated from the AWS KMS API Reference ("Common parameters", and the
 * GenerateDataKey, Encrypt and Decrypt pages, read 2026-11-30) and the AWS JSON 1.1 protocol
 * of the Smithy specification (`awsJson1_1`, read 2026-11-30): every operation is
 * `POST /` with `Content-Type: application/x-amz-json-1.1` and `X-Amz-Target:
 * TrentService.<Operation>`; blobs (`Plaintext`, `CiphertextBlob`) travel as base64 strings.
 * - GenerateDataKey `{ KeyId, KeySpec: "AES_256" | "AES_128" | NumberOfBytes 1–1024,
 *   EncryptionContext? }` → `{ KeyId (key ARN), Plaintext, CiphertextBlob }`.
 * - Encrypt `{ KeyId, Plaintext (1–4096 bytes), EncryptionContext? }` → `{ KeyId,
 *   CiphertextBlob, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" }`.
 * - Decrypt `{ CiphertextBlob, EncryptionContext?, KeyId? }` → `{ KeyId, Plaintext,
 *   EncryptionAlgorithm }`. The context must be the one given at encryption (a
 *   case-sensitive exact match), else `InvalidCiphertextException`; a `KeyId` that is not
 *   the ciphertext's key is `IncorrectKeyException`.
 * - `KeyId` is a key ID, a key ARN, an alias name (`alias/…`) or an alias ARN.
 * - Errors are HTTP 400 with `{ "__type": "<Exception>", "message": "…" }` (500 for
 *   `KMSInternalException`): `NotFoundException`, `DisabledException`,
 *   `InvalidCiphertextException`, `IncorrectKeyException`, `ValidationException`.
 * The ciphertext blob is this server's own opaque format (KMS's is opaque too, and also
 * carries the key's identity): version byte 1, the key ID's length and ASCII bytes, a
 * 12-byte nonce, the 16-byte GCM tag, the ciphertext; the encryption context, as sorted
 * JSON, is the associated data. ⚠️ The exact wording of KMS's messages was not recorded.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { isRecord } from "./kit.js";
import { readBody, type AnyRequest, type AnyResponse } from "./http-exchange.js";

/** A KMS key the offline KMS holds. */
export interface LocalKmsKey {
  /** The key ID (a UUID). */
  keyId: string;
  /** `arn:aws:kms:us-east-1:123456789012:key/<keyId>`. */
  arn: string;
  /** The alias given at creation (`alias/…`), if any. */
  alias: string | undefined;
}

/** What {@link LocalKmsControl.createKey} takes. */
export interface LocalKmsKeyOptions {
  /** An alias for the key, `alias/` and a name (`alias/aws/…` is reserved, as in KMS). */
  alias?: string | undefined;
}

/** One request the offline KMS answered, without its blobs. */
export interface LocalKmsRequest {
  /** `GenerateDataKey`, `Encrypt`, `Decrypt`, or another target (answered with an error). */
  operation: string;
  /** The `KeyId` as sent (undefined for a Decrypt without one). */
  keyId: string | undefined;
  /** The `EncryptionContext` as sent. */
  encryptionContext: Record<string, string> | undefined;
}

/** The offline Bedrock's KMS: create keys for tests, disable them, see the requests. */
export interface LocalKmsControl {
  /** Creates an enabled symmetric key with a fresh secret held by the server. */
  createKey(options?: LocalKmsKeyOptions): LocalKmsKey;
  /** Disables a key: its operations answer `DisabledException` until it is enabled. */
  disableKey(keyId: string): void;
  /** Enables a disabled key. */
  enableKey(keyId: string): void;
  /** Every KMS request answered, oldest first. */
  readonly requests: readonly LocalKmsRequest[];
}


const account = "123456789012";
const region = "us-east-1";
const keyArnPrefix = `arn:aws:kms:${region}:${account}:key/`;
const aliasArnPrefix = `arn:aws:kms:${region}:${account}:`;

interface KeyState extends LocalKmsKey {
  secret: Buffer;
  enabled: boolean;
}

/** A KMS error: its `__type` and message, and the HTTP status it goes with. */
class KmsFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}


function send(response: AnyResponse, status: number, body: unknown): void {
  (response as ServerResponse).writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() });
  response.end(JSON.stringify(body));
}

/** The encryption context as authenticated data: sorted entries, so the order of keys does not matter (as in KMS). */
function associatedData(context: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), "utf8");
}

function readContext(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || Object.values(value).some((entry) => typeof entry !== "string")) {
    throw new KmsFailure("ValidationException", "1 validation error detected: Value at 'encryptionContext' failed to satisfy constraint: Map value must be a string");
  }
  return value as Record<string, string>;
}

function readBlob(value: unknown, field: string): Buffer {
  if (typeof value !== "string" || value === "") throw new KmsFailure("ValidationException", `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`);
  return Buffer.from(value, "base64");
}

/** Creates the offline KMS; `handle` answers the requests that carry a `TrentService.` target. */
export function createLocalKms(): { control: LocalKmsControl; handle(request: AnyRequest, response: AnyResponse): Promise<boolean> } {
  const keys = new Map<string, KeyState>();
  const aliases = new Map<string, string>();
  const requests: LocalKmsRequest[] = [];

  /** The key a `KeyId` names, enabled; `NotFoundException` or `DisabledException` otherwise. */
  function findKey(keyId: unknown): KeyState {
    if (typeof keyId !== "string" || keyId === "") throw new KmsFailure("ValidationException", "1 validation error detected: Value at 'keyId' failed to satisfy constraint: Member must not be null");
    const bare = keyId.startsWith(keyArnPrefix) ? keyId.slice(keyArnPrefix.length) : keyId;
    const aliasName = keyId.startsWith(`${aliasArnPrefix}alias/`) ? keyId.slice(aliasArnPrefix.length) : keyId;
    const id = keyId.includes("alias/") ? aliases.get(aliasName) : bare;
    const key = id === undefined ? undefined : keys.get(id);
    if (!key) {
      throw keyId.includes("alias/")
        ? new KmsFailure("NotFoundException", `Alias ${aliasArnPrefix}${aliasName} is not found.`)
        : new KmsFailure("NotFoundException", `Key '${keyArnPrefix}${bare}' does not exist`);
    }
    if (!key.enabled) throw new KmsFailure("DisabledException", `${key.arn} is disabled.`);
    return key;
  }

  function seal(key: KeyState, plaintext: Buffer, context: Record<string, string> | undefined): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key.secret, iv);
    cipher.setAAD(associatedData(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const id = Buffer.from(key.keyId, "latin1");
    return Buffer.concat([Buffer.from([1, id.length]), id, iv, cipher.getAuthTag(), ciphertext]);
  }

  function decrypt(body: Record<string, unknown>): Record<string, unknown> {
    const blob = readBlob(body.CiphertextBlob, "ciphertextBlob");
    const context = readContext(body.EncryptionContext);
    const idLength = blob[1] ?? 0;
    if (blob[0] !== 1 || blob.length < 2 + idLength + 12 + 16 + 1) throw new KmsFailure("InvalidCiphertextException", "");
    const blobKeyId = blob.subarray(2, 2 + idLength).toString("latin1");
    if (!keys.has(blobKeyId)) throw new KmsFailure("InvalidCiphertextException", "");
    if (body.KeyId !== undefined && findKey(body.KeyId).keyId !== blobKeyId) {
      throw new KmsFailure("IncorrectKeyException", "The key ID in the request does not identify a KMS key that can perform this operation.");
    }
    const key = findKey(blobKeyId);
    const start = 2 + idLength;
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.secret, blob.subarray(start, start + 12));
      decipher.setAAD(associatedData(context));
      decipher.setAuthTag(blob.subarray(start + 12, start + 28));
      const plaintext = Buffer.concat([decipher.update(blob.subarray(start + 28)), decipher.final()]);
      return { KeyId: key.arn, Plaintext: plaintext.toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
    } catch {
      // A wrong encryption context or changed bytes: KMS answers with no detail.
      throw new KmsFailure("InvalidCiphertextException", "");
    }
  }

  function generateDataKey(body: Record<string, unknown>): Record<string, unknown> {
    const key = findKey(body.KeyId);
    const context = readContext(body.EncryptionContext);
    const { KeySpec: keySpec, NumberOfBytes: numberOfBytes } = body;
    if ((keySpec === undefined) === (numberOfBytes === undefined)) {
      throw new KmsFailure("ValidationException", "Please specify either number of bytes or key spec.");
    }
    let length: number;
    if (keySpec === "AES_256") length = 32;
    else if (keySpec === "AES_128") length = 16;
    else if (keySpec !== undefined) throw new KmsFailure("ValidationException", `1 validation error detected: Value '${String(keySpec)}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`);
    else if (typeof numberOfBytes === "number" && Number.isInteger(numberOfBytes) && numberOfBytes >= 1 && numberOfBytes <= 1024) length = numberOfBytes;
    else throw new KmsFailure("ValidationException", "1 validation error detected: Value at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024");
    const plaintext = randomBytes(length);
    return { KeyId: key.arn, Plaintext: plaintext.toString("base64"), CiphertextBlob: seal(key, plaintext, context).toString("base64") };
  }

  function encrypt(body: Record<string, unknown>): Record<string, unknown> {
    const key = findKey(body.KeyId);
    const context = readContext(body.EncryptionContext);
    const plaintext = readBlob(body.Plaintext, "plaintext");
    if (plaintext.length > 4096) throw new KmsFailure("ValidationException", "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
    return { KeyId: key.arn, CiphertextBlob: seal(key, plaintext, context).toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
  }

  const operations: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = { GenerateDataKey: generateDataKey, Encrypt: encrypt, Decrypt: decrypt };

  const control: LocalKmsControl = {
    createKey(options = {}) {
      const alias = options.alias;
      if (alias !== undefined && (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(alias) || alias.startsWith("alias/aws/"))) {
        throw new Error(`kms.createKey(): ${alias} is not an alias name KMS accepts (alias/ and letters, digits, /, _ or -; alias/aws/ is reserved)`);
      }
      if (alias !== undefined && aliases.has(alias)) throw new Error(`kms.createKey(): the alias ${alias} already exists`);
      const keyId = randomUUID();
      keys.set(keyId, { keyId, arn: `${keyArnPrefix}${keyId}`, alias, secret: randomBytes(32), enabled: true });
      if (alias !== undefined) aliases.set(alias, keyId);
      return { keyId, arn: `${keyArnPrefix}${keyId}`, alias };
    },
    disableKey(keyId) {
      const key = keys.get(keyId);
      if (!key) throw new Error(`kms.disableKey(): no key ${keyId}`);
      key.enabled = false;
    },
    enableKey(keyId) {
      const key = keys.get(keyId);
      if (!key) throw new Error(`kms.enableKey(): no key ${keyId}`);
      key.enabled = true;
    },
    requests,
  };

  return {
    control,
    async handle(request, response) {
      const target = request.headers["x-amz-target"];
      if (request.method !== "POST" || typeof target !== "string" || !target.startsWith("TrentService.")) return false;
      const operation = target.slice("TrentService.".length);
      let body: unknown;
      try {
        body = JSON.parse(await readBody(request));
      } catch {
        body = undefined;
      }
      const fields = isRecord(body) ? body : {};
      requests.push({
        operation,
        keyId: typeof fields.KeyId === "string" ? fields.KeyId : undefined,
        encryptionContext: isRecord(fields.EncryptionContext) ? (fields.EncryptionContext as Record<string, string>) : undefined,
      });
      try {
        const run = operations[operation];
        if (!run) throw new KmsFailure("UnknownOperationException", `The offline KMS does not serve ${operation}`);
        if (!isRecord(body)) throw new KmsFailure("SerializationException", "Start of structure or map found where not expected.");
        send(response, 200, run(body));
      } catch (error) {
        const failure = error instanceof KmsFailure ? error : new KmsFailure("KMSInternalException", "The offline KMS failed.", 500);
        send(response, failure.status, { __type: failure.type, message: failure.message });
      }
      return true;
    },
  };
}
