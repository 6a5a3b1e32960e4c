import { defineConfig } from "tsup";

const publicEntries = { index: "src/index.ts", "testing/index": "src/testing/index.ts", "rag/index": "src/rag/index.ts" };

/**
 * For bundlers (the `module` export condition): code-split ESM in `dist/module/`, where
 * `index.js` is only re-exports from chunks, so with `"sideEffects": false` a bundler keeps
 * what is used (one error class: about 2.5 KB). The `internal/*` entries exist to put each
 * public module in its own chunk; the embedding and image operations, loaded by `import()`
 * on first use, get chunks of their own.
 */
const moduleEntries = {
  ...publicEntries,
  "internal/errors": "src/errors.ts",
  "internal/client": "src/client.ts",
  "internal/catalog": "src/catalog.ts",
  "internal/estimate-cost": "src/estimate-cost.ts",
  "internal/stream": "src/stream.ts",
  "internal/count-tokens": "src/tokens/count.ts",
};

// bedrock-kit/rag imports the core as "bedrock-kit": kept external, so that it shares the
// application's one copy of the core (its error classes, its client) instead of bundling another.
const shared = { sourcemap: false, target: "node20", treeshake: true, external: ["bedrock-kit"] as string[] } as const;

export default defineConfig([
  // Node (`import`): a few files per subpath (the embedding and image code in chunks of
  // their own), fewer modules to load at start-up than the bundlers' build (about 8 ms).
  { ...shared, entry: publicEntries, format: ["esm"], splitting: true, dts: { entry: publicEntries } },
  { ...shared, entry: moduleEntries, format: ["esm"], outDir: "dist/module", splitting: true, dts: false },
  // CommonJS does not tree-shake: one file per subpath.
  { ...shared, entry: publicEntries, format: ["cjs"], splitting: false, dts: { entry: publicEntries } },
]);
