/**
 * Run by batch.test.ts in a child process (`tsx`): a module resolve hook makes the optional
 * peer @aws-sdk/client-s3 unresolvable (argument `missing`, as in an application that did not
 * install it) or @aws-sdk/client-bedrock throw as it loads (argument `broken`); then
 * `fm.batch.get` runs and its error is printed as JSON.
 */
import { register } from "node:module";

const mode = process.argv[2];
const hook = `
export async function resolve(specifier, context, next) {
  if (${JSON.stringify(mode)} === "missing" && specifier === "@aws-sdk/client-s3") {
    const error = new Error("Cannot find package '" + specifier + "'");
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  if (${JSON.stringify(mode)} === "broken" && specifier === "@aws-sdk/client-bedrock") {
    return { url: "data:text/javascript,throw new Error('a broken build')", shortCircuit: true };
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const { createClient } = await import("../../src/index.js");
const fm = createClient({ region: "us-east-1", credentials: { accessKeyId: "UNUSED", secretAccessKey: "UNUSED" } });
const error = (await fm.batch.get("arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abc123").catch((caught: unknown) => caught)) as Record<string, unknown>;
const { name, code, field, message } = error;
process.stdout.write(JSON.stringify({ name, code, field, message }));
