import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileStore, type StoredDocument } from "bedrock-kit/rag";
const d = 1024, n = Number(process.argv[2] ?? 100000);
const path = join(mkdtempSync(join(tmpdir(), "kbprof-")), "s");
let x = 1; const r = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const text = "circuit router fibre outage spokane seattle ring amplifier keepalive session neighbor prefix invoice ticket customer span optical protection circuit router fibre outage spokane seattle ring amplifier keepalive session neighbor prefix invoice ticket customer span optical protection";
const mk = (first: number, count: number, p: string): StoredDocument[] => { const docs: StoredDocument[] = []; for (let s = first; s < first + count; s += 10) docs.push({ id: `${p}${s}`, uri: `${p}${s}`, contentHash: "", metadata: { shard: (s / 10) % 10 }, chunks: Array.from({ length: 10 }, (_, o) => ({ id: `${p}${s + o}`, text, textSpan: { start: 0, end: 0 }, vector: new Float32Array(d).map(() => r() - 0.5) })) }); return docs; };
const w = fileStore({ path }); await w.open({ embeddingModelId: "m", dimensions: d }); await w.commit({ upsert: mk(0, n, "c"), remove: [] });
const cpu = (f: () => Promise<unknown>) => async () => { const c = process.cpuUsage(); const t = performance.now(); await f(); const u = process.cpuUsage(c); return `${(performance.now() - t).toFixed(0)} wall / ${((u.user + u.system) / 1000).toFixed(0)} cpu`; };
for (let i = 0; i < 3; i++) console.log("append 100", await cpu(() => w.commit({ upsert: mk(n + i * 100, 100, "m"), remove: [] }))());
const q = new Float32Array(d).fill(0.03);
for (let i = 0; i < 3; i++) console.log("filter 10%", await cpu(() => w.search(q, { numberOfResults: 10, filter: { equals: { key: "shard", value: 3 } } }))());
for (let i = 0; i < 3; i++) console.log("nofilter", await cpu(() => w.search(q, { numberOfResults: 10 }))());
await w.close();
if (process.env.PROFILE_OPEN) { const { Session } = await import("node:inspector/promises"); const s = new Session(); s.connect(); await s.post("Profiler.enable"); await s.post("Profiler.start");
  const o = fileStore({ path }); console.log("open", await cpu(() => o.open({ embeddingModelId: "m", dimensions: d }))());
  const { profile } = await s.post("Profiler.stop"); (await import("node:fs")).writeFileSync("/tmp/kbscale/open.cpuprofile", JSON.stringify(profile)); }
for (let i = 0; i < 2; i++) { const o = fileStore({ path }); console.log("open", await cpu(() => o.open({ embeddingModelId: "m", dimensions: d }))()); await o.close(); }
