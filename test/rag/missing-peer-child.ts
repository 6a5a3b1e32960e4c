/**
 * Run by the missing-peer test as a child process: a module resolve hook makes the two
 * optional AWS SDK peers unresolvable, as in an application that did not install them,
 * then kmsKey and managedKnowledgeBase are used; prints their errors as JSON.
 *   node --import tsx test/rag/missing-peer-child.ts
 */
import { register } from "node:module";

const hook = `
const missing = new Set(["@aws-sdk/client-kms", "@aws-sdk/client-bedrock-agent-runtime"]);
export async function resolve(specifier, context, next) {
  if (missing.has(specifier)) {
    const error = new Error("Cannot find package '" + specifier + "'");
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const { createClient } = await import("bedrock-kit");
const { kmsKey, managedKnowledgeBase } = await import("bedrock-kit/rag");
const failures: unknown[] = [];
const record = (error: unknown) => {
  const { name, code, field, message } = error as { name: string; code: string; field: string; message: string };
  failures.push({ name, code, field, message });
};
await kmsKey({ keyId: "alias/support-kb", region: "us-east-1" }).generateDataKey!().catch(record);
await managedKnowledgeBase({ client: createClient({ region: "us-east-1" }), knowledgeBaseId: "KB12345678", region: "us-east-1" }).retrieve("bgp").catch(record);
process.stdout.write(JSON.stringify(failures));
