/**
 * Bedrock API keys on the direct path: `Authorization: Bearer <key>`, as the AWS SDK sends it
 * when its auth-scheme preference puts `httpBearerAuth` first (it does when
 * `AWS_BEARER_TOKEN_BEDROCK` is set: `@aws-sdk/core` `NODE_AUTH_SCHEME_PREFERENCE_OPTIONS`,
 * 3.x, read 2026-11-30; Bedrock User Guide, "Use an Amazon Bedrock API key").
 */
import type { TokenIdentityProvider } from "@smithy/types";
import type { UnsignedRequest } from "./sigv4.js";

/** Where the key comes from: the client's `token`, else `AWS_BEARER_TOKEN_BEDROCK` (read per call, as the SDK does). */
export function bearerToken(token: TokenIdentityProvider | undefined): () => Promise<string> {
  return async () => {
    const key = (token ? (await token()).token : undefined) ?? process.env.AWS_BEARER_TOKEN_BEDROCK;
    if (!key) {
      // Named as the AWS SDK names its own: the CLI and doctor treat it as missing credentials.
      const error = new Error("No Bedrock API key: the client prefers httpBearerAuth, but AWS_BEARER_TOKEN_BEDROCK is empty and no token was given");
      error.name = "TokenProviderError";
      throw error;
    }
    return key;
  };
}

/** Adds the API key to a request's headers (a new object; `request` is unchanged). */
export class BearerAuthorizer {
  constructor(readonly key: () => Promise<string>) {}

  async sign(request: UnsignedRequest): Promise<Record<string, string>> {
    return { ...request.headers, authorization: `Bearer ${await this.key()}` };
  }
}
