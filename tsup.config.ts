import { defineConfig, type Options } from "tsup";

const publicEntries = {
  index: "src/index.ts",
  "testing/index": "src/testing/index.ts",
  "ai-sdk/index": "src/ai-sdk/index.ts",
  "langchain/index": "src/langchain/index.ts",
  "agents/index": "src/agents/index.ts",
  "rag/index": "src/rag/index.ts",
};

/**
 * The framework adapters (`src/ai-sdk/`, `src/langchain/`) and the agents (`src/agents/`) import the core only through
 * `../index.js`, the public entry point. In the build that import becomes `bedrock-kit`
 * itself, so an application that loads `bedrock-kit` and `bedrock-kit/langchain` (from ESM
 * or CommonJS) has one copy of the core: one model registry (`registerModel`), one set of
 * error classes. Their framework packages (`ai`, `@ai-sdk/provider`, `@langchain/core`)
 * are optional peers, so tsup leaves them external.
 */
const publicEntryAsPackage: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "public-entry-as-package",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /[\\/]src[\\/](ai-sdk|langchain|agents)$/.test(args.resolveDir) ? { path: "bedrock-kit", external: true } : undefined,
    );
  },
};

/**
 * For bundlers (the `module` export condition): code-split ESM in `dist/module/`, where
 * `index.js` is only re-exports from chunks, so with `"sideEffects": false` a bundler keeps
 * what is used (one error class: about 2.5 KB). The `internal/*` entries exist to put each
 * public module in its own chunk; the embedding, image and job operations, loaded by
 * `import()` on first use, get chunks of their own.
 */
const moduleEntries = {
  ...publicEntries,
  "internal/errors": "src/errors.ts",
  "internal/client": "src/client.ts",
  "internal/catalog": "src/catalog.ts",
  "internal/estimate-cost": "src/estimate-cost.ts",
  "internal/stream": "src/stream.ts",
  "internal/count-tokens": "src/tokens/count.ts",
  "internal/training-data": "src/jobs/training-data.ts",
};

/** The `bedrock-kit` command (bin/bedrock-kit.mjs imports it): Node ESM only, sharing the library's chunks. */
const cliEntry = { "cli/index": "src/cli/index.ts" };

// bedrock-kit/rag imports the core as "bedrock-kit": kept external, so that it shares the
// application's one copy of the core (its error classes, its client) instead of bundling another.
const shared = { sourcemap: false, target: "node20", treeshake: true, external: ["bedrock-kit"] as string[] } as const;
const esbuildPlugins = [publicEntryAsPackage];

export default defineConfig([
  // Node (`import`): a few files per subpath (the embedding and image code in chunks of
  // their own), fewer modules to load at start-up than the bundlers' build (about 8 ms).
  { ...shared, esbuildPlugins, entry: { ...publicEntries, ...cliEntry }, format: ["esm"], splitting: true, dts: { entry: publicEntries } },
  { ...shared, esbuildPlugins, entry: moduleEntries, format: ["esm"], outDir: "dist/module", splitting: true, dts: false },
  // CommonJS does not tree-shake: one file per subpath.
  { ...shared, esbuildPlugins, entry: publicEntries, format: ["cjs"], splitting: false, dts: { entry: publicEntries } },
]);
