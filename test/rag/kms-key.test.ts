/**
 * kmsKey: a file store's data key from AWS KMS through the real `@aws-sdk/client-kms`,
 * against the offline Bedrock's KMS (AWS JSON 1.1 on 127.0.0.1, real AES-GCM per key).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockKitError, ValidationError, type BedrockKitClient } from "bedrock-kit";
import { createKnowledgeBase, fileStore, kmsKey, type KmsKeyOptions } from "bedrock-kit/rag";
import type { LocalBedrock } from "bedrock-kit/testing";
import { secretAccessKey, setup } from "../helpers.js";

const titan = "amazon.titan-embed-text-v2:0";
let bedrock: LocalBedrock;
let fm: BedrockKitClient;
let root: string;

const documents = [
  { id: "runbooks/bgp.md", text: "A BGP circuit goes down when the peer router stops sending keepalives. Reset the BGP neighbor.", metadata: { region: "spokane" } },
  { id: "billing/invoices.md", text: "Invoices are sent on the first day of the month.", metadata: { region: "seattle" } },
];

/** kmsKey options pointing at the offline KMS. */
function keyOptions(keyId: string, extra: Partial<KmsKeyOptions> = {}): KmsKeyOptions {
  return { keyId, endpoint: bedrock.url, region: "us-east-1", credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey }, ...extra };
}

function open(path: string, options: KmsKeyOptions) {
  return createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, store: fileStore({ path }), encryption: { key: kmsKey(options) } });
}

beforeAll(async () => {
  ({ bedrock, fm } = await setup());
  root = mkdtempSync(join(tmpdir(), "bedrock-kit-kms-"));
});

afterAll(async () => {
  await bedrock.close();
  rmSync(root, { recursive: true, force: true });
});

describe("kmsKey", () => {
  it("encrypts a file store under a KMS data key: ingest, reopen, retrieve; nothing in the clear on disk", async () => {
    const key = bedrock.kms.createKey({ alias: "alias/support-kb" });
    const path = join(root, "round-trip");
    const context = { "bedrock-kit:store": "support-kb" };
    const kb = await open(path, keyOptions("alias/support-kb", { encryptionContext: context }));
    await kb.ingest(documents);
    await kb.close();

    const generated = bedrock.kms.requests.filter((request) => request.operation === "GenerateDataKey");
    expect(generated).toEqual([{ operation: "GenerateDataKey", keyId: "alias/support-kb", encryptionContext: context }]);
    const bytes = readFileSync(join(path, "log.bkkb"));
    for (const word of ["keepalives", "spokane", "Invoices", "runbooks/bgp.md"]) expect(bytes.includes(word)).toBe(false);
    const header = JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString("utf8")) as { encryption: { keyId: string; wrappedKey: string } };
    expect(header.encryption.keyId).toBe("alias/support-kb");
    // The wrapped key is the offline KMS's ciphertext blob: it names the key, and is not the data key.
    expect(Buffer.from(header.encryption.wrappedKey, "base64").includes(key.keyId)).toBe(true);

    const reopened = await open(path, keyOptions(key.arn, { encryptionContext: context }));
    const [best] = await reopened.retrieve("BGP keepalives");
    expect(best!.location.uri).toBe("runbooks/bgp.md");
    expect(best!.metadata).toEqual({ region: "spokane" });
    const decrypts = bedrock.kms.requests.filter((request) => request.operation === "Decrypt");
    expect(decrypts.at(-1)).toEqual({ operation: "Decrypt", keyId: key.arn, encryptionContext: context });
    await reopened.close();
  });

  it("refuses another key, another encryption context, an unknown key and a disabled key with clear errors", async () => {
    const right = bedrock.kms.createKey();
    const other = bedrock.kms.createKey();
    const path = join(root, "refusals");
    const kb = await open(path, keyOptions(right.keyId));
    await kb.ingest(documents);
    await kb.close();

    const wrongKey = await open(path, keyOptions(other.keyId)).catch((error: unknown) => error);
    expect(wrongKey).toBeInstanceOf(BedrockKitError);
    expect(wrongKey).toMatchObject({ code: "DecryptionFailed" });
    expect((wrongKey as Error).message).toContain("IncorrectKeyException");

    const wrongContext = await open(path, keyOptions(right.keyId, { encryptionContext: { "bedrock-kit:store": "another-store" } })).catch((error: unknown) => error);
    expect(wrongContext).toMatchObject({ code: "DecryptionFailed" });
    expect((wrongContext as Error).message).toContain("InvalidCiphertextException");

    const unknown = await open(path, keyOptions("alias/no-such-key")).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ValidationError);
    expect(unknown).toMatchObject({ field: "encryption.key", code: "NotFoundException" });
    expect((unknown as Error).message).toContain("alias/no-such-key");

    bedrock.kms.disableKey(right.keyId);
    const disabled = await open(path, keyOptions(right.keyId)).catch((error: unknown) => error);
    expect(disabled).toMatchObject({ code: "DisabledException" });
    bedrock.kms.enableKey(right.keyId);

    // A new store with an unknown key fails at its first commit, before anything is written.
    const fresh = await open(join(root, "never-written"), keyOptions("alias/missing"));
    await expect(fresh.ingest(documents)).rejects.toMatchObject({ code: "NotFoundException" });
    expect(() => readFileSync(join(root, "never-written", "log.bkkb"))).toThrow();

    for (const error of [wrongKey, wrongContext, unknown, disabled]) {
      expect(JSON.stringify(error)).not.toContain(secretAccessKey);
      expect((error as Error).message).not.toMatch(/keepalives|[A-Za-z0-9+/]{40,}={0,2}/);
    }
    // Still whole: the right key opens it.
    expect((await (await open(path, keyOptions(right.keyId))).retrieve("invoices month"))[0]!.location.uri).toBe("billing/invoices.md");
  });

  it("checks its options before any request", () => {
    expect(() => kmsKey({ keyId: "" })).toThrow(ValidationError);
    expect(() => kmsKey({ keyId: "alias/x", encryptionContext: { store: 1 as unknown as string } })).toThrow(/encryptionContext/);
  });

  it("wraps a data key made elsewhere with KMS Encrypt and unwraps it with Decrypt", async () => {
    const key = bedrock.kms.createKey();
    const provider = kmsKey(keyOptions(key.keyId));
    const dataKey = new Uint8Array(32).fill(7);
    const wrapped = await provider.wrapKey(dataKey);
    expect(Buffer.from(wrapped, "base64").includes(Buffer.from(dataKey))).toBe(false);
    expect(Buffer.from(await provider.unwrapKey(wrapped))).toEqual(Buffer.from(dataKey));
    const changed = Buffer.from(wrapped, "base64");
    changed[changed.length - 1]! ^= 1;
    await expect(provider.unwrapKey(changed.toString("base64"))).rejects.toMatchObject({ code: "DecryptionFailed" });
  });
});
