/**
 * The client a command calls with: real Bedrock (the AWS SDK's credentials and Region,
 * `--region`, `--profile`, `--endpoint`) or, with `--offline`, the offline Bedrock started
 * in this process. Never falls back from one to the other.
 */
import { createClient, type BedrockKitClient, type ClientOptions } from "../index.js";
import { startLocalBedrock } from "../testing/index.js";

/** The options every command takes. */
export interface GlobalOptions {
  /** Use the offline Bedrock in this process. */
  offline?: boolean | undefined;
  /** AWS Region. */
  region?: string | undefined;
  /** AWS profile from ~/.aws/config and ~/.aws/credentials. */
  profile?: string | undefined;
  /** Bedrock Runtime endpoint URL (a VPC endpoint, a proxy, `bedrock-kit local`). */
  endpoint?: string | undefined;
  /** Print JSON for scripts. */
  json?: boolean | undefined;
  /** An S3-compatible endpoint for batch jobs (a local server in tests). */
  s3Endpoint?: string | undefined;
}

/** A client for one command, and how to release it. */
export interface Session {
  fm: BedrockKitClient;
  /** Stops the offline Bedrock when one was started. */
  close(): Promise<void>;
}

/** Opens the session the global options ask for. */
export async function openSession(options: GlobalOptions, extra: ClientOptions = {}): Promise<Session> {
  if (options.profile) process.env.AWS_PROFILE = options.profile;
  if (options.offline) {
    // Batch jobs offline need an S3-compatible server; the AWS variables, when set, are its credentials.
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
    const s3 = options.s3Endpoint ? { endpoint: options.s3Endpoint, ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}) } : undefined;
    const bedrock = await startLocalBedrock(s3 ? { s3 } : {});
    return { fm: createClient({ ...extra, ...bedrock.clientOptions }), close: () => bedrock.close() };
  }
  const clientOptions: ClientOptions = { ...extra };
  if (options.region) clientOptions.region = options.region;
  if (options.endpoint) clientOptions.endpoint = options.endpoint;
  if (options.s3Endpoint) clientOptions.s3Endpoint = options.s3Endpoint;
  return { fm: createClient(clientOptions), close: async () => undefined };
}

/** Runs `work` with a session and always closes it. */
export async function withSession<Result>(options: GlobalOptions, work: (fm: BedrockKitClient) => Promise<Result>, extra: ClientOptions = {}): Promise<Result> {
  const session = await openSession(options, extra);
  try {
    return await work(session.fm);
  } finally {
    await session.close();
  }
}
