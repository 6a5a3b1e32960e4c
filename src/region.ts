/**
 * Which AWS Region a client signs for and prices in, found the way the AWS SDK finds it.
 */
/** The Region used when neither the options, the environment nor the shared config files name one. */
export const defaultRegion = "us-east-1";

/**
 * The Region for a client: `explicit` when given, otherwise `AWS_REGION`, then the Region
 * of the AWS profile in the shared config files, then `us-east-1`. Reads the files on every
 * call (the SDK's loader caches their contents per path), so resolve once per client.
 *
 * @example
 * ```ts
 * import { resolveRegion } from "./region.js";
 * const region = await resolveRegion(undefined); // AWS_PROFILE=work with `region = eu-west-1` gives "eu-west-1"
 * ```
 */
export async function resolveRegion(explicit?: string): Promise<string> {
  if (explicit) return explicit;
  // The SDK's own Region sources, read by its own loader (`@smithy/core/config`, the code
  // behind `BedrockRuntimeClient`'s default `region`): `AWS_REGION`, then the `region` of the
  // active profile (`AWS_PROFILE`, else `default`) in `~/.aws/credentials` and `~/.aws/config`
  // (`AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` move them). Where the SDK then asks
  // the EC2 instance metadata service, bedrock-kit falls back to `us-east-1` instead: a call
  // off EC2 should not wait on a metadata timeout. Loaded on demand: with an explicit Region
  // nothing needs it.
  const { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } = await import("@smithy/core/config");
  const region = await loadConfig({ ...NODE_REGION_CONFIG_OPTIONS, default: () => defaultRegion }, NODE_REGION_CONFIG_FILE_OPTIONS)();
  return region || defaultRegion;
}
