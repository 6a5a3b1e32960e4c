/**
 * Encryption at rest: envelope encryption with AES-256-GCM from `node:crypto`. Each store
 * has its own random data key; a {@link KeyProvider} wraps it, and only the wrapped key is
 * written beside the data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { BedrockKitError, ValidationError } from "bedrock-kit";

/** Wraps and unwraps a store's data key: {@link localKey}, {@link kmsKey}, or your own (an HSM). */
export interface KeyProvider {
  /** A name for the key recorded in the store (never the key itself), e.g. `local`. */
  readonly keyId: string;
  /** Encrypts a 32-byte data key; the result is stored as is. */
  wrapKey(dataKey: Uint8Array): Promise<string>;
  /** Decrypts what {@link KeyProvider.wrapKey} (or `generateDataKey`) made; throws for a wrong key. */
  unwrapKey(wrapped: string): Promise<Uint8Array>;
  /**
   * Optional: makes a new 32-byte data key and its wrapped form in one step (AWS KMS
   * `GenerateDataKey`). A store prefers it to a random key wrapped by `wrapKey`.
   */
  generateDataKey?(): Promise<GeneratedDataKey>;
}

/** A new data key and its wrapped form, as {@link KeyProvider.generateDataKey} makes them. */
export interface GeneratedDataKey {
  /** The 32-byte key that encrypts the store; kept in memory only. */
  dataKey: Uint8Array;
  /** The data key encrypted by the key provider; written in the store's header. */
  wrappedKey: string;
}

/** A new data key for a store: the provider's own `generateDataKey`, or 32 random bytes wrapped by `wrapKey`. */
export async function newDataKey(key: KeyProvider): Promise<GeneratedDataKey> {
  if (key.generateDataKey) return key.generateDataKey();
  const dataKey = randomBytes(32);
  return { dataKey, wrappedKey: await key.wrapKey(dataKey) };
}

/** What `createKnowledgeBase` takes as `encryption`. */
export interface EncryptionOptions {
  /** The key that wraps the store's data key. */
  key: KeyProvider;
}

/** An AES-256-GCM ciphertext with its nonce and tag. */
interface Sealed {
  /** 12-byte nonce. */
  iv: Uint8Array;
  /** 16-byte authentication tag. */
  tag: Uint8Array;
  /** The encrypted bytes. */
  ciphertext: Uint8Array;
}

/** Encrypts with AES-256-GCM under a fresh nonce; `associated` is authenticated, not encrypted. */
function seal(key: Uint8Array, plaintext: Uint8Array, associated?: Uint8Array): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (associated) cipher.setAAD(associated);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** Encrypts into one byte string: nonce (12), tag (16), then the ciphertext. */
export function sealToBytes(key: Uint8Array, plaintext: Uint8Array, associated?: Uint8Array): Buffer {
  const sealed = seal(key, plaintext, associated);
  return Buffer.concat([sealed.iv, sealed.tag, sealed.ciphertext]);
}

/** Decrypts what {@link sealToBytes} made; a wrong key or changed bytes throw `DecryptionFailed`. */
export function openBytes(key: Uint8Array, bytes: Uint8Array, associated: Uint8Array | undefined, what: string): Uint8Array {
  return open(key, { iv: bytes.subarray(0, 12), tag: bytes.subarray(12, 28), ciphertext: bytes.subarray(28) }, associated, what);
}

/** Decrypts and authenticates; a wrong key or changed bytes throw `DecryptionFailed`. */
function open(key: Uint8Array, sealed: Sealed, associated: Uint8Array | undefined, what: string): Uint8Array {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.iv);
    if (associated) decipher.setAAD(associated);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new BedrockKitError(`Cannot decrypt ${what}: wrong key, or the bytes were changed`, { code: "DecryptionFailed" });
  }
}

/**
 * A key held by the application: 32 bytes as 64 hexadecimal characters (e.g. from
 * `openssl rand -hex 32`, kept in a secret store and passed through an environment
 * variable). It wraps each store's data key with AES-256-GCM. Anything else, `undefined`
 * included, is a `ValidationError` naming `encryption.key`.
 *
 * ```ts
 * const key = localKey(process.env.KB_KEY);
 * ```
 */
export function localKey(hex: string | undefined): KeyProvider {
  if (typeof hex !== "string" || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new ValidationError("Invalid encryption.key: localKey takes 32 bytes as 64 hexadecimal characters (e.g. `openssl rand -hex 32`)", { field: "encryption.key" });
  }
  const masterKey = Buffer.from(hex, "hex");
  return {
    keyId: "local",
    async wrapKey(dataKey) {
      return sealToBytes(masterKey, dataKey).toString("base64");
    },
    async unwrapKey(wrapped) {
      return openBytes(masterKey, Buffer.from(wrapped, "base64"), undefined, "the store's data key");
    },
  };
}
