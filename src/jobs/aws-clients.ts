/**
 * The control-plane (`@aws-sdk/client-bedrock`) and S3 (`@aws-sdk/client-s3`) clients of
 * the job operations, built on first use from the client's Region, credentials and
 * endpoints. Both packages are optional peers, loaded with `import()` only when a job
 * operation runs, so an application that only invokes never loads them.
 */
import type { BedrockClient } from "@aws-sdk/client-bedrock";
import type { S3Client } from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { ValidationError } from "../errors.js";

/** What the job operations need from `createClient`'s options. */
export interface JobSettings {
  /** As `createClient({ credentials })`; default the AWS SDK's chain. */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** As `createClient({ endpoint })`: the control plane goes there too (the offline Bedrock serves both). */
  endpoint: string | undefined;
  /** As `createClient({ s3Endpoint })`: an S3-compatible server (path-style addressing). */
  s3Endpoint: string | undefined;
}

/** The two SDK modules, once loaded. */
export interface JobSdk {
  bedrock: typeof import("@aws-sdk/client-bedrock");
  s3: typeof import("@aws-sdk/client-s3");
}

/** The clients of one bedrock-kit client's job operations. */
export interface JobClients {
  sdk: JobSdk;
  bedrock: BedrockClient;
  s3: S3Client;
}

/**
 * Imports an optional peer. One that is missing, or installed but unable to load, is a
 * `ValidationError` with code `MissingDependency` and `field` the package, worded as
 * bedrock-kit/rag words its optional peers: the install command when it is missing, the
 * load failure when it is installed.
 */
async function importPeer<Module>(name: string, load: () => Promise<Module>, operation: string): Promise<Module> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    const notFound = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
    const reason = notFound ? `: npm install ${name}` : `, which is installed but did not load (${(error as Error | undefined)?.message ?? String(error)})`;
    throw new ValidationError(`${operation} needs the optional package ${name}${reason}`, { code: "MissingDependency", field: name, cause: error });
  }
}

/** Loads both SDK modules. */
export async function loadJobSdk(operation: string): Promise<JobSdk> {
  const [bedrock, s3] = await Promise.all([
    importPeer("@aws-sdk/client-bedrock", () => import("@aws-sdk/client-bedrock"), operation),
    importPeer("@aws-sdk/client-s3", () => import("@aws-sdk/client-s3"), operation),
  ]);
  return { bedrock, s3 };
}

/**
 * Builds the clients for `region`. Endpoints left undefined are the SDK's own choice, which
 * honours `AWS_ENDPOINT_URL_BEDROCK` and `AWS_ENDPOINT_URL_S3`.
 */
export function createJobClients(sdk: JobSdk, region: string, settings: JobSettings): JobClients {
  const common = { region, ...(settings.credentials ? { credentials: settings.credentials } : {}) };
  const bedrock = new sdk.bedrock.BedrockClient({ ...common, ...(settings.endpoint ? { endpoint: settings.endpoint } : {}) });
  // A local S3-compatible server has no virtual-host names for buckets: path-style addressing.
  const s3 = new sdk.s3.S3Client({ ...common, ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint, forcePathStyle: true } : {}) });
  return { sdk, bedrock, s3 };
}
