/** Which files an ingest reads (folders walked, sidecars set aside) and their Bedrock metadata sidecars. */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isMetadataValue, type Metadata } from "./filter.js";
import { isSupported, supportedExtensions } from "./parse.js";

/** A file or input that could not be ingested, and why. */
export interface IngestFailure {
  /** The file's path (or the document's ID). */
  path: string;
  /** What went wrong, for people: e.g. `Invalid PDF structure`, `unsupported file type ".png"`. */
  reason: string;
}

/** The files named by paths (folders walked in name order), with what could not be used. */
export interface FileListing {
  /** Absolute paths of supported files, in order, each once. */
  files: string[];
  /** Paths that do not exist, unsupported files named explicitly, folders without a supported file. */
  failures: IngestFailure[];
  /** Files in folders with an unsupported extension (sidecars are not listed). */
  skipped: string[];
}

const sidecarSuffix = ".metadata.json";

async function walk(folder: string, listing: FileListing, seen: Set<string>): Promise<number> {
  let found = 0;
  const entries = (await readdir(folder, { withFileTypes: true })).sort((left, right) => left.name.localeCompare(right.name));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found += await walk(path, listing, seen);
    else if (entry.name.endsWith(sidecarSuffix)) continue;
    else if (!isSupported(entry.name)) listing.skipped.push(path);
    else if (!seen.has(path)) {
      seen.add(path);
      listing.files.push(path);
      found += 1;
    }
  }
  return found;
}

/** Lists the supported files under the given paths. */
export async function listFiles(paths: readonly string[]): Promise<FileListing> {
  const listing: FileListing = { files: [], failures: [], skipped: [] };
  const seen = new Set<string>();
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => undefined);
    if (!info) listing.failures.push({ path: given, reason: "no such file or folder" });
    else if (info.isDirectory()) {
      const found = await walk(path, listing, seen);
      if (found === 0) listing.failures.push({ path: given, reason: `the folder holds no file bedrock-kit reads (${supportedExtensions.join(", ")})` });
    } else if (!isSupported(path)) listing.failures.push({ path: given, reason: `unsupported file type; supported: ${supportedExtensions.join(", ")}` });
    else if (!seen.has(path)) {
      seen.add(path);
      listing.files.push(path);
    }
  }
  return listing;
}

/** A typed sidecar value: `{ value: { type, stringValue | numberValue | booleanValue | stringListValue } }`. */
function typedValue(entry: Record<string, unknown>): unknown {
  const value = entry.value as Record<string, unknown> | undefined;
  if (typeof value !== "object" || value === null) return undefined;
  return value.stringValue ?? value.numberValue ?? value.booleanValue ?? value.stringListValue;
}

/**
 * The attributes of Bedrock's `<file>.metadata.json` sidecar (`{ "metadataAttributes": {
 * "year": 2024, "region": "spokane" } }`, or the typed form with `value.type` and
 * `stringValue`/`numberValue`/`booleanValue`/`stringListValue`: "Include metadata in a data
 * source", Bedrock user guide, read 2026-11-30). Undefined without a sidecar; throws for one
 * that is not valid.
 */
export async function readSidecar(path: string): Promise<{ metadata: Metadata; bytes: Uint8Array } | undefined> {
  const bytes = await readFile(`${path}${sidecarSuffix}`).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!bytes) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new Error(`its sidecar ${path}${sidecarSuffix} is not JSON`);
  }
  const attributes = (parsed as { metadataAttributes?: unknown })?.metadataAttributes;
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
    throw new Error(`its sidecar ${path}${sidecarSuffix} has no metadataAttributes object`);
  }
  const metadata: Metadata = {};
  for (const [key, raw] of Object.entries(attributes)) {
    const value = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? typedValue(raw as Record<string, unknown>) : raw;
    if (!isMetadataValue(value)) throw new Error(`its sidecar ${path}${sidecarSuffix} has a value for "${key}" that is not a string, number, boolean or list of strings`);
    metadata[key] = value;
  }
  return { metadata, bytes };
}
