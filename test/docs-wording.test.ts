/**
 * Docs that stay true: no "not yet" promises about features (a limit is written as what the
 * feature does not do, and why), every `fm.method` the prose names exists on the client, and
 * no code block (nor CLI help example, nor example script) shows a model past its end of life on Bedrock (by the
 * catalog's lifecycle).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { helpExamples } from "../src/cli/help-examples.js";
import { createClient, getModel, type ModelInfo } from "../src/index.js";

const root = join(import.meta.dirname, "..");
const documents = [
  "README.md",
  "examples/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const texts = documents.map((path) => ({ path, text: readFileSync(join(root, path), "utf8") }));
// The CLI's help examples and the example scripts are docs too: each as one code block.
const helpBlocks = Object.entries(helpExamples).map(([command, lines]) => ({ path: `bedrock-kit ${command} --help`, text: `\`\`\`sh\n${lines.join("\n")}\n\`\`\`` }));
const exampleBlocks = readdirSync(join(root, "examples"), { recursive: true, encoding: "utf8" })
  .filter((name) => name.endsWith(".ts"))
  .map((name) => ({ path: `examples/${name}`, text: `\`\`\`ts\n${readFileSync(join(root, "examples", name), "utf8")}\n\`\`\`` }));

/** Wording that goes stale the day the feature lands. */
const staleWording = [/^#+ *not yet\b/im, /\bnot (yet )?implemented\b/i, /\bnot shipped\b/i, /\bcoming soon\b/i, /\bTODO\b/, /\bTBD\b/, /\bfuture work\b/i, /\bfirst slice\b/i, /\bin a later release\b/i, /\bfor now\b/i, /\b(is|are) planned\b/i];

describe("the docs", () => {
  it("make no promise of a feature to come", () => {
    const found = texts.flatMap(({ path, text }) =>
      text.split("\n").flatMap((line, index) => (staleWording.some((pattern) => pattern.test(line)) ? [`${path}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it("name only client methods that exist", () => {
    const client = createClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } }) as unknown as Record<string, unknown>;
    const mentions = texts.reduce((sum, { text }) => sum + [...text.matchAll(/\bfm\.[a-zA-Z]+/g)].length, 0);
    expect(mentions).toBeGreaterThan(50);
    const missing = texts.flatMap(({ path, text }) =>
      [...text.matchAll(/\bfm\.([a-zA-Z]+)(?:\.([a-zA-Z]+))?/g)].flatMap(([mention, method, member]) => {
        const value = client[method!];
        if (value === undefined) return [`${path}: ${mention}`];
        if (member !== undefined && typeof value === "object" && value !== null && !(member in value)) return [`${path}: ${mention}`];
        return [];
      }),
    );
    expect([...new Set(missing)]).toEqual([]);
  });

  it("show no model past its end of life in a code block", () => {
    const today = new Date().toISOString().slice(0, 10);
    const retired = [...texts, ...helpBlocks, ...exampleBlocks].flatMap(({ path, text }) =>
      [...text.matchAll(/```(?:ts|typescript|sh|bash)\n([\s\S]*?)```/g)].flatMap(([, block]) =>
        [...block!.matchAll(/["'`\s]((?:[a-z]{2,6}\.)?[a-z0-9]+\.[a-z0-9][a-z0-9.:-]*)["'`\s]/g)].flatMap(([, id]) => {
          let model: ModelInfo | undefined;
          try {
            model = getModel(id!);
          } catch {
            return []; // not a model ID (a file name, a host)
          }
          const endOfLife = model?.deprecated?.endOfLife;
          return endOfLife !== undefined && endOfLife <= today ? [`${path}: ${id} (end of life ${endOfLife})`] : [];
        }),
      ),
    );
    expect([...new Set(retired)]).toEqual([]);
  });

  it("link only to files the repository has", () => {
    const broken = texts.flatMap(({ path, text }) =>
      [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
        .map(([, target]) => target!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .flatMap((target) => (existsSync(join(root, dirname(path), target)) ? [] : [`${path}: ${target}`])),
    );
    expect(broken).toEqual([]);
  });
});
