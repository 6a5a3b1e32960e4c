/**
 * The offline Bedrock's KMS and managed knowledge bases on the wire: raw HTTP requests in
 * the AWS JSON 1.1 and REST-JSON shapes, KMS's and Bedrock's error shapes, and the
 * AWS SDK clients (`KMSClient`, `BedrockAgentRuntimeClient`) used directly.
 */
import { BedrockAgentRuntimeClient, RetrieveAndGenerateStreamCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";

let bedrock: LocalBedrock;

beforeAll(async () => {
  bedrock = await startLocalBedrock();
});

afterAll(async () => {
  await bedrock.close();
});

async function kms(target: string, body: unknown): Promise<{ status: number; contentType: string | null; body: Record<string, string> }> {
  const response = await fetch(`${bedrock.url}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get("content-type"), body: (await response.json()) as Record<string, string> };
}

describe("the offline KMS", () => {
  it("answers GenerateDataKey and Decrypt in AWS JSON 1.1, binding the encryption context", async () => {
    const key = bedrock.kms.createKey({ alias: "alias/wire-test" });
    const generated = await kms("GenerateDataKey", { KeyId: "alias/wire-test", KeySpec: "AES_256", EncryptionContext: { purpose: "test" } });
    expect(generated.status).toBe(200);
    expect(generated.contentType).toBe("application/x-amz-json-1.1");
    expect(generated.body.KeyId).toBe(key.arn);
    expect(Buffer.from(generated.body.Plaintext!, "base64")).toHaveLength(32);
    const decrypted = await kms("Decrypt", { CiphertextBlob: generated.body.CiphertextBlob, EncryptionContext: { purpose: "test" } });
    expect(decrypted.body).toEqual({ KeyId: key.arn, Plaintext: generated.body.Plaintext, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" });

    expect(await kms("Decrypt", { CiphertextBlob: generated.body.CiphertextBlob, EncryptionContext: { purpose: "other" } })).toMatchObject({ status: 400, body: { __type: "InvalidCiphertextException" } });
    expect(await kms("Decrypt", { CiphertextBlob: generated.body.CiphertextBlob })).toMatchObject({ status: 400, body: { __type: "InvalidCiphertextException" } });
    expect(await kms("Decrypt", { CiphertextBlob: Buffer.from("not a blob").toString("base64") })).toMatchObject({ status: 400, body: { __type: "InvalidCiphertextException" } });
    const other = bedrock.kms.createKey();
    expect(await kms("Decrypt", { CiphertextBlob: generated.body.CiphertextBlob, KeyId: other.keyId, EncryptionContext: { purpose: "test" } })).toMatchObject({
      status: 400,
      body: { __type: "IncorrectKeyException" },
    });
    expect(await kms("GenerateDataKey", { KeyId: "alias/none", KeySpec: "AES_256" })).toMatchObject({ status: 400, body: { __type: "NotFoundException" } });
    expect(await kms("GenerateDataKey", { KeyId: key.keyId, KeySpec: "AES_512" })).toMatchObject({ status: 400, body: { __type: "ValidationException" } });
    bedrock.kms.disableKey(key.keyId);
    expect(await kms("Decrypt", { CiphertextBlob: generated.body.CiphertextBlob, EncryptionContext: { purpose: "test" } })).toMatchObject({ status: 400, body: { __type: "DisabledException" } });
    bedrock.kms.enableKey(key.keyId);
  });

  it("serves the AWS SDK's KMSClient: Encrypt and Decrypt round trip, errors by name", async () => {
    const key = bedrock.kms.createKey();
    const client = new KMSClient(bedrock.clientOptions);
    const encrypted = await client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: Buffer.from("data key bytes") }));
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe("data key bytes");
    await expect(client.send(new EncryptCommand({ KeyId: "alias/absent", Plaintext: Buffer.from("x") }))).rejects.toMatchObject({ name: "NotFoundException" });
  });
});

describe("the offline managed knowledge bases", () => {
  it("answers ResourceNotFoundException for an unknown knowledge base, as Bedrock's REST-JSON errors", async () => {
    const response = await fetch(`${bedrock.url}/knowledgebases/NOPE000000/retrieve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ retrievalQuery: { text: "x" } }) });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^ResourceNotFoundException:/);
  });

  it("streams RetrieveAndGenerateStream events the AWS SDK reads, with the session header", async () => {
    const knowledgeBaseId = bedrock.knowledgeBases.create({ documents: [{ uri: "s3://docs/a.md", text: "Fibre cuts take the DWDM ring down. Splice the fibre." }], knowledgeBaseId: "KBWIRE0001" });
    const client = new BedrockAgentRuntimeClient(bedrock.clientOptions);
    const answer = await client.send(
      new RetrieveAndGenerateStreamCommand({
        input: { text: "fibre cut DWDM" },
        retrieveAndGenerateConfiguration: { type: "KNOWLEDGE_BASE", knowledgeBaseConfiguration: { knowledgeBaseId, modelArn: "anthropic.claude-3-haiku-20240307-v1:0" } },
      }),
    );
    expect(answer.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const events: string[] = [];
    for await (const event of answer.stream!) events.push(Object.keys(event).filter((name) => (event as unknown as Record<string, unknown>)[name] !== undefined)[0]!);
    expect(events).toEqual(["output", "citation"]);
  });
});
