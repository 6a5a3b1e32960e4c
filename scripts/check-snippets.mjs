// Type-checks every ```ts block of README.md and docs/*.md against the sources, so that
// the docs show only code that compiles. Each block must stand alone (its own imports).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, ".tmp", "snippets");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const documents = ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
let count = 0;
for (const document of documents) {
  const text = readFileSync(join(root, document), "utf8");
  let index = 0;
  for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = `${document.replace(/[/.]/g, "_")}_${++index}.ts`;
    writeFileSync(join(out, name), `// from ${document}, block ${index}\n${match[1]}\nexport {};\n`);
    count += 1;
  }
}
writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify({ extends: "../../tsconfig.json", compilerOptions: { noUnusedLocals: false }, include: ["./*.ts"] }),
);
execFileSync("npx", ["tsc", "--noEmit", "-p", join(out, "tsconfig.json")], { cwd: root, stdio: "inherit" });
console.log(`${count} code blocks in ${documents.length} documents type-check`);
