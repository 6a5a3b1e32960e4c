/**
 * Parses what users pass as `modelId`: foundation-model IDs, cross-region inference
 * profile IDs and Bedrock ARNs. The requested ID is what goes on the wire; the base
 * model ID found here is what the catalog and the registry look up.
 * Source: ../shared/design/bedrock-formats.md §1.2 (read 2026-11-25).
 */

/** Region-group prefixes of system-defined inference profiles (`us.anthropic.…`). */
const profilePrefixes = ["us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"];

/** What a model ID names, once its profile prefix or ARN head is taken off. */
export interface ParsedModelId {
  /** As given: this is what goes in the request path. */
  requested: string;
  /** The foundation-model ID inside, e.g. `anthropic.claude-3-haiku-20240307-v1:0`; undefined for opaque ARNs. */
  baseModelId: string | undefined;
  /** The provider prefix of the base model, e.g. `anthropic`. */
  provider: string | undefined;
  /** The region-group prefix when the ID is a system inference profile, e.g. `us`. */
  profilePrefix: string | undefined;
  /** The ARN resource type, e.g. `foundation-model` or `application-inference-profile`. */
  arnResourceType: string | undefined;
}

function splitProfile(id: string): { profilePrefix: string | undefined; baseModelId: string } {
  const dot = id.indexOf(".");
  const head = dot > 0 ? id.slice(0, dot) : "";
  const rest = id.slice(dot + 1);
  if (profilePrefixes.includes(head) && rest.includes(".")) return { profilePrefix: head, baseModelId: rest };
  return { profilePrefix: undefined, baseModelId: id };
}

/** Parses a model ID, inference-profile ID or ARN. Never throws; opaque ARNs yield no base model. */
export function parseModelId(modelId: string): ParsedModelId {
  let arnResourceType: string | undefined;
  let id = modelId;
  if (modelId.startsWith("arn:")) {
    const resource = modelId.split(":").slice(5).join(":");
    const slash = resource.indexOf("/");
    arnResourceType = slash > 0 ? resource.slice(0, slash) : resource;
    const name = slash > 0 ? resource.slice(slash + 1) : "";
    const namesModel = arnResourceType === "foundation-model" || arnResourceType === "inference-profile";
    if (!namesModel || name === "") {
      return { requested: modelId, baseModelId: undefined, provider: undefined, profilePrefix: undefined, arnResourceType };
    }
    id = name;
  }
  const { profilePrefix, baseModelId } = splitProfile(id);
  const dot = baseModelId.indexOf(".");
  const provider = dot > 0 ? baseModelId.slice(0, dot) : undefined;
  return { requested: modelId, baseModelId, provider, profilePrefix, arnResourceType };
}
