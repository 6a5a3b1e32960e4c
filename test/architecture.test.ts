/**
 * The arrows of the architecture, checked on the import statements of src/ (style.md,
 * review-architecture.md §5): what may import what, and no cycles between folders.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const sourceRoot = resolve(dirname(new URL(import.meta.url).pathname), "../src");

interface ImportEdge {
  /** Importing file, relative to src/ (e.g. `operations/invoke.ts`). */
  from: string;
  /** Imported file relative to src/, or the package name for a bare specifier. */
  to: string;
  /** True for `import type` / `export type` (erased from the build). */
  typeOnly: boolean;
  /** True for `import("…")`, loaded on first use. */
  dynamic: boolean;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const importPattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, "utf8");
  const from = relative(sourceRoot, file);
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[3] ?? match[4]!;
    const typeOnly = match[2] !== undefined;
    const to = specifier.startsWith(".") ? relative(sourceRoot, resolve(dirname(file), specifier.replace(/\.js$/, ".ts"))) : specifier;
    edges.push({ from, to, typeOnly, dynamic: match[4] !== undefined });
  }
  return edges;
}

const edges = sourceFiles(sourceRoot).flatMap(importsOf);
const valueEdges = edges.filter((edge) => !edge.typeOnly);
const within = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);
const show = (found: ImportEdge[]): string[] => found.map((edge) => `${edge.from} → ${edge.to}${edge.typeOnly ? " (type)" : ""}`);

describe("architecture", () => {
  it("finds the imports it checks", () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges.some((edge) => edge.from === "client.ts" && edge.to === "operations/invoke.ts")).toBe(true);
  });

  it("the transport is the only importer of @aws-sdk/client-bedrock-runtime, and imports no adapter", () => {
    const isTransport = (path: string): boolean => within(path, "transport");
    expect(show(valueEdges.filter((edge) => edge.to === "@aws-sdk/client-bedrock-runtime" && !isTransport(edge.from)))).toEqual([]);
    expect(show(edges.filter((edge) => isTransport(edge.from) && within(edge.to, "adapters")))).toEqual([]);
  });

  it("only jobs/ (and the offline Bedrock, for S3) load @aws-sdk/client-bedrock and @aws-sdk/client-s3, and only with import()", () => {
    const jobSdks = ["@aws-sdk/client-bedrock", "@aws-sdk/client-s3"];
    const allowed = (edge: ImportEdge): boolean => within(edge.from, "jobs") || (within(edge.from, "testing") && edge.to === "@aws-sdk/client-s3");
    expect(show(edges.filter((edge) => jobSdks.includes(edge.to) && !allowed(edge)))).toEqual([]);
    expect(show(valueEdges.filter((edge) => jobSdks.includes(edge.to) && !edge.dynamic))).toEqual([]);
    expect(edges.some((edge) => edge.from === "client.ts" && edge.to === "jobs/batch.ts" && edge.dynamic)).toBe(true);
    // Batch records are encoded by operations/text-request.ts, never by reaching into the transport or an adapter.
    expect(show(edges.filter((edge) => within(edge.from, "jobs") && ["transport", "adapters"].some((folder) => within(edge.to, folder))))).toEqual([]);
  });

  it("adapters are pure codecs: no I/O, no AWS SDK, no client, pipeline, operations, transport or testing", () => {
    const forbidden = (to: string): boolean =>
      to.startsWith("@aws-sdk/") ||
      /^(node:)?(fs|fs\/promises|http|https|http2|net|tls|child_process|dgram|worker_threads)$/.test(to) ||
      ["client.ts", "stream.ts"].includes(to) ||
      ["pipeline", "operations", "testing", "transport"].some((folder) => within(to, folder));
    expect(show(edges.filter((edge) => within(edge.from, "adapters") && forbidden(edge.to)))).toEqual([]);
  });

  it("the offline Bedrock restates the wire formats: it imports no codec values, no registry and no client code", () => {
    const forbidden = (to: string): boolean =>
      within(to, "adapters") || to === "models/registry.ts" || to === "client.ts" || ["pipeline", "operations", "transport", "rag"].some((folder) => within(to, folder));
    expect(show(valueEdges.filter((edge) => within(edge.from, "testing") && forbidden(edge.to)))).toEqual([]);
  });

  it("rag/, agents/, cli/ and the framework adapters (ai-sdk/, langchain/) use only the public entry points", () => {
    const entryPoints = new Set(["index.ts", "testing/index.ts"]);
    const subpaths = ["rag", "agents", "cli", "ai-sdk", "langchain"];
    const crossings = edges.filter((edge) => {
      const home = subpaths.find((folder) => within(edge.from, folder));
      if (!home || !edge.to.endsWith(".ts") || within(edge.to, home)) return false;
      // The CLI may also use the agents' and knowledge bases' public entry points.
      if (home === "cli" && (edge.to === "agents/index.ts" || edge.to === "rag/index.ts")) return false;
      return !entryPoints.has(edge.to) || (edge.to === "testing/index.ts" && home !== "cli");
    });
    expect(show(crossings)).toEqual([]);
  });

  it("only the framework adapters import the frameworks (optional peers the core never loads)", () => {
    const isFramework = (to: string): boolean => to === "ai" || to.startsWith("@ai-sdk/") || to.startsWith("@langchain/") || to === "langchain" || to.startsWith("langchain/");
    expect(edges.some((edge) => within(edge.from, "langchain") && edge.to.startsWith("@langchain/core/") && !edge.typeOnly)).toBe(true);
    expect(show(edges.filter((edge) => isFramework(edge.to) && !within(edge.from, "ai-sdk") && !within(edge.from, "langchain")))).toEqual([]);
    // The AI SDK provider needs no AI SDK code at run time: its imports of @ai-sdk/provider are types only.
    expect(show(valueEdges.filter((edge) => within(edge.from, "ai-sdk") && isFramework(edge.to)))).toEqual([]);
    // Nothing imports the adapters, so the core entry never reaches them.
    expect(show(edges.filter((edge) => (within(edge.to, "ai-sdk") && !within(edge.from, "ai-sdk")) || (within(edge.to, "langchain") && !within(edge.from, "langchain"))))).toEqual([]);
  });

  it("agents/ reaches the core through src/index.ts only, and imports no AWS SDK and no testing code", () => {
    const fromAgents = edges.filter((edge) => within(edge.from, "agents"));
    expect(fromAgents.some((edge) => edge.to === "index.ts")).toBe(true);
    const forbidden = fromAgents.filter((edge) => edge.to.startsWith("@aws-sdk/") || edge.to.startsWith("@smithy/") || within(edge.to, "testing") || (edge.to.endsWith(".ts") && !within(edge.to, "agents") && edge.to !== "index.ts"));
    expect(show(forbidden)).toEqual([]);
  });

  it("rag/ imports the core as a user does (the package name \"bedrock-kit\", built as an external), Node built-ins and its optional peers (unpdf, mammoth, html-to-text, pg, the KMS and Agent Runtime clients, usearch)", () => {
    const peers = ["unpdf", "mammoth", "html-to-text", "pg", "@aws-sdk/client-kms", "@aws-sdk/client-bedrock-agent-runtime", "usearch"];
    const allowed = (to: string): boolean => to === "bedrock-kit" || to.startsWith("node:") || peers.includes(to) || within(to, "rag");
    const ragEdges = edges.filter((edge) => within(edge.from, "rag"));
    expect(ragEdges.length).toBeGreaterThan(20);
    expect(show(ragEdges.filter((edge) => !allowed(edge.to)))).toEqual([]);
    // The AWS SDK clients are loaded with import() on first use, never at load time.
    expect(show(ragEdges.filter((edge) => edge.to.startsWith("@aws-sdk/") && !edge.typeOnly && !edge.dynamic))).toEqual([]);
  });

  it("no model-family names outside adapters/, models/ and testing/ (family knowledge lives in the registry, the adapters and the simulations)", () => {
    const modelInfo = readFileSync(join(sourceRoot, "models/model-info.ts"), "utf8");
    const familyUnion = /export type ModelFamily =([^;]*);/.exec(modelInfo)![1]!;
    const families = [...familyUnion.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
    expect(families.length).toBeGreaterThanOrEqual(21);
    const familyHomes = ["adapters", "models", "testing"];
    const mentions = sourceFiles(sourceRoot)
      .filter((file) => !familyHomes.some((folder) => within(relative(sourceRoot, file), folder)))
      .flatMap((file) => {
        const text = readFileSync(file, "utf8");
        return families.filter((family) => text.includes(`"${family}"`)).map((family) => `${relative(sourceRoot, file)}: "${family}"`);
      });
    expect(mentions).toEqual([]);
  });

  it("no cycles between folders (value imports)", () => {
    const folderOf = (path: string): string => (path.includes("/") ? path.slice(0, path.indexOf("/")) : path.replace(/\.ts$/, ""));
    const graph = new Map<string, Set<string>>();
    for (const edge of valueEdges) {
      if (!edge.to.endsWith(".ts")) continue;
      const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const path: string[] = [];
    const visit = (node: string): void => {
      state.set(node, "visiting");
      path.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === "visiting") cycles.push([...path.slice(path.indexOf(next)), next].join(" → "));
        else if (!state.has(next)) visit(next);
      }
      path.pop();
      state.set(node, "done");
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });
});
