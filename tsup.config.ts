import { defineConfig } from "tsup";

const publicEntries = { index: "src/index.ts", "testing/index": "src/testing/index.ts" };

/**
 * ESM: code-split so that `dist/index.js` is only re-exports from chunks. With
 * `"sideEffects": false`, a consumer's bundler then keeps only the chunks whose exports are
 * used: importing one error class costs about 2 KB, not the whole client. The `internal/*`
 * entries exist to put each public module in its own chunk; they are not in `exports`.
 * The embedding and image operations are loaded by `import()` on first use, so they are
 * chunks of their own too.
 */
const esmEntries = {
  ...publicEntries,
  "internal/errors": "src/errors.ts",
  "internal/client": "src/client.ts",
  "internal/catalog": "src/catalog.ts",
  "internal/estimate-cost": "src/estimate-cost.ts",
  "internal/stream": "src/stream.ts",
  "internal/count-tokens": "src/tokens/count.ts",
};

const shared = { sourcemap: false, target: "node20", treeshake: true } as const;

export default defineConfig([
  { ...shared, entry: esmEntries, format: ["esm"], splitting: true, dts: { entry: publicEntries } },
  // CommonJS does not tree-shake: one file per subpath, loaded at once.
  { ...shared, entry: publicEntries, format: ["cjs"], splitting: false, dts: { entry: publicEntries } },
]);
