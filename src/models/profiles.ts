/**
 * Models Bedrock serves only through an inference profile: a bare ID is refused before
 * the network, naming the profile to use from the client's Region.
 */
import { ValidationError } from "../errors.js";
import type { DescribedModel } from "./registry.js";

/** The region-group profile prefixes to try for a Region, best first. */
function prefixesFor(region: string): string[] {
  if (region.startsWith("us-gov-")) return ["us-gov", "global"];
  if (region.startsWith("us-") || region.startsWith("ca-")) return ["us", "global"];
  if (region.startsWith("eu-")) return ["eu", "global"];
  if (region === "ap-northeast-1") return ["jp", "apac", "global"];
  if (region === "ap-southeast-2" || region === "ap-southeast-4") return ["au", "apac", "global"];
  if (region.startsWith("ap-")) return ["apac", "global"];
  return ["global"];
}

/** The inference-profile ID to call a profile-only model with from `region`. */
export function suggestedProfileId(resolved: DescribedModel, region: string): string {
  const available = resolved.model.inferenceProfiles ?? [];
  const prefix = prefixesFor(region).find((candidate) => available.includes(candidate)) ?? available[0] ?? "us";
  return `${prefix}.${resolved.parsed.baseModelId ?? resolved.model.id}`;
}

/** True when the ID is a bare foundation-model ID of a model Bedrock serves only through a profile. */
export function needsProfile(resolved: DescribedModel): boolean {
  return resolved.model.profileRequired === true && resolved.parsed.profilePrefix === undefined && resolved.parsed.arnResourceType === undefined;
}

/** Throws {@link ValidationError} for a profile-only model called by its bare ID. */
export function checkProfile(resolved: DescribedModel, region: string): void {
  if (!needsProfile(resolved)) return;
  const profileId = suggestedProfileId(resolved, region);
  throw new ValidationError(
    `Invalid modelId: Bedrock serves ${resolved.parsed.requested} only through an inference profile; from ${region} use "${profileId}"`,
    { field: "modelId", modelId: resolved.parsed.requested },
  );
}
