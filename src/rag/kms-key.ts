/**
 * `kmsKey({ keyId })`: a store's data key made and unwrapped by AWS KMS (`GenerateDataKey`
 * with `KeySpec: "AES_256"`, `Decrypt`; `Encrypt` for a data key made elsewhere), bound to
 * an encryption context. `@aws-sdk/client-kms` is an optional peer, loaded on first use.
 * KMS facts: AWS KMS API Reference, GenerateDataKey, Encrypt, Decrypt and "Encryption
 * context" (read 2026-11-30): the same context, exactly, is needed to decrypt, and it is
 * logged in CloudTrail, so it holds no secrets.
 */
import type { KMSClient, KMSClientConfig } from "@aws-sdk/client-kms";
import { clientConfig, loadOptionalPeer, once } from "./optional-peer.js";
import { BedrockKitError, ValidationError } from "bedrock-kit";
import { awsServiceError, type AwsFailure } from "./aws-error.js";
import type { GeneratedDataKey, KeyProvider } from "./encryption.js";

/** What {@link kmsKey} takes. */
export interface KmsKeyOptions {
  /** The KMS key: its ID, ARN, alias name (`alias/…`) or alias ARN. A symmetric encryption key. */
  keyId: string;
  /** The key's AWS Region. Default the AWS SDK's (`AWS_REGION`, the profile). Ignored with `client`. */
  region?: string | undefined;
  /** Another KMS endpoint (a VPC endpoint, the offline Bedrock's `url`). Ignored with `client`. */
  endpoint?: string | undefined;
  /** Default the AWS SDK's credential provider chain. Ignored with `client`. */
  credentials?: KMSClientConfig["credentials"] | undefined;
  /** A `KMSClient` you built, used as it is. */
  client?: KMSClient | undefined;
  /**
   * The encryption context KMS binds to the wrapped key and requires, exactly, to unwrap it
   * (it appears in CloudTrail: no secrets). Default `{ "bedrock-kit:store": "knowledge-base" }`;
   * give each store its own value (e.g. its name) so that one store's wrapped key cannot be
   * unwrapped for another.
   */
  encryptionContext?: Record<string, string> | undefined;
}

/** The KMS module, once loaded. */
type KmsModule = typeof import("@aws-sdk/client-kms");

function loadKms(): Promise<KmsModule> {
  return loadOptionalPeer("@aws-sdk/client-kms", () => import("@aws-sdk/client-kms"), "kmsKey");
}

/** A KMS failure as a bedrock-kit error naming the key and the KMS exception, never the key material. */
function kmsError(error: unknown, keyId: string, operation: string): BedrockKitError {
  const unusable = ({ name, options }: AwsFailure): BedrockKitError => new BedrockKitError(`KMS key ${keyId} cannot be used now (${name}): it is disabled or pending deletion`, { code: name, ...options });
  const undecryptable = ({ name, options }: AwsFailure): BedrockKitError =>
    new BedrockKitError(`Cannot decrypt the store's data key with KMS key ${keyId} (${name}): another key wrapped it, the encryption context differs, or the bytes were changed`, {
      code: "DecryptionFailed",
      ...options,
    });
  return awsServiceError(error, {
    where: `KMS ${operation} with key ${keyId}`,
    exceptions: {
      InvalidCiphertextException: undecryptable,
      IncorrectKeyException: undecryptable,
      NotFoundException: ({ name, options }) =>
        new ValidationError(`Invalid encryption.key: KMS key ${keyId} was not found (${name}); check the key ID, alias or ARN and its Region`, { field: "encryption.key", code: name, ...options }),
      DisabledException: unusable,
      KMSInvalidStateException: unusable,
    },
    throttles: { ThrottlingException: true, LimitExceededException: true },
    retryable: ["KMSInternalException", "DependencyTimeoutException", "KeyUnavailableException"],
    // KMS's own message is not kept: only the permission to check, or to try again.
    detail: (kind) => (kind === "refused" ? `: the credentials lack kms:${operation} on it` : kind === "throttled" ? "; try again later" : ""),
  });
}

/** A 32-byte key from KMS, or `DecryptionFailed`: never a key of another size. */
function checkedKey(bytes: Uint8Array | undefined, keyId: string): Uint8Array {
  if (bytes?.length !== 32) throw new BedrockKitError(`KMS key ${keyId} returned no 32-byte data key`, { code: "DecryptionFailed" });
  return bytes;
}

/**
 * A {@link KeyProvider} backed by AWS KMS: each store's 32-byte data key comes from KMS
 * `GenerateDataKey` (AES_256) and only its KMS ciphertext is written in the store's header;
 * opening the store asks KMS to `Decrypt` it, under the same encryption context. The
 * credentials need `kms:GenerateDataKey` and `kms:Decrypt` (and `kms:Encrypt` for
 * `wrapKey`) on the key. A wrong key, another context or changed bytes is a
 * `BedrockKitError` with code `DecryptionFailed`; an unknown key a `ValidationError` naming
 * `encryption.key`; a disabled key an error with code `DisabledException`. Needs the
 * optional package `@aws-sdk/client-kms`.
 *
 * ```ts
 * const key = kmsKey({ keyId: "alias/support-kb", region: "us-east-1", encryptionContext: { "bedrock-kit:store": "support-kb" } });
 * ```
 */
export function kmsKey(options: KmsKeyOptions): KeyProvider {
  const keyId = options?.keyId;
  if (typeof keyId !== "string" || keyId.trim() === "") {
    throw new ValidationError("Invalid encryption.key: kmsKey takes { keyId }, a KMS key ID, ARN, alias name (alias/…) or alias ARN", { field: "encryption.key.keyId" });
  }
  const encryptionContext = options.encryptionContext ?? { "bedrock-kit:store": "knowledge-base" };
  if (typeof encryptionContext !== "object" || encryptionContext === null || Object.values(encryptionContext).some((value) => typeof value !== "string")) {
    throw new ValidationError("Invalid encryption.key.encryptionContext: expected an object of strings", { field: "encryption.key.encryptionContext" });
  }
  const connect = once(async (): Promise<{ sdk: KmsModule; client: KMSClient }> => {
    const sdk = await loadKms();
    return { sdk, client: options.client ?? new sdk.KMSClient(clientConfig(options)) };
  });
  return {
    keyId,
    async generateDataKey(): Promise<GeneratedDataKey> {
      const { sdk, client } = await connect();
      const answer = await client.send(new sdk.GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: encryptionContext })).catch((error: unknown) => {
        throw kmsError(error, keyId, "GenerateDataKey");
      });
      if (!answer.CiphertextBlob) throw new BedrockKitError(`KMS key ${keyId} returned no wrapped data key`, { code: "MalformedResponse" });
      return { dataKey: checkedKey(answer.Plaintext, keyId), wrappedKey: Buffer.from(answer.CiphertextBlob).toString("base64") };
    },
    async wrapKey(dataKey) {
      const { sdk, client } = await connect();
      const answer = await client.send(new sdk.EncryptCommand({ KeyId: keyId, Plaintext: dataKey, EncryptionContext: encryptionContext })).catch((error: unknown) => {
        throw kmsError(error, keyId, "Encrypt");
      });
      if (!answer.CiphertextBlob) throw new BedrockKitError(`KMS key ${keyId} returned no ciphertext`, { code: "MalformedResponse" });
      return Buffer.from(answer.CiphertextBlob).toString("base64");
    },
    async unwrapKey(wrapped) {
      const { sdk, client } = await connect();
      // KeyId is sent so that KMS refuses a ciphertext of another key (IncorrectKeyException).
      const answer = await client
        .send(new sdk.DecryptCommand({ KeyId: keyId, CiphertextBlob: Buffer.from(wrapped, "base64"), EncryptionContext: encryptionContext }))
        .catch((error: unknown) => {
          throw kmsError(error, keyId, "Decrypt");
        });
      return checkedKey(answer.Plaintext, keyId);
    },
  };
}
