/**
 * The file store's HNSW index on disk, beside the log: `hnsw-<store>-<next key>-<bytes>-<crc>.usearch`,
 * written to a temporary file, flushed and renamed, so the name (which says what the index
 * covers and what its bytes sum to) and the bytes arrive together. On open it is checked
 * before usearch maps it (usearch trusts its input), then brought up to date with the
 * chunks committed since it was saved; anything that does not add up is rebuilt, never trusted.
 * An index that is up to date stays mapped, not read, until the store's first change (when
 * its bytes are checked again and read).
 */
import { open as openFile, readdir, rename, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { crc32 } from "./checksum.js";
import type { FlatIndex } from "./flat-index.js";
import { HnswIndex } from "./hnsw-index.js";
import { syncFolder, temporaryName } from "./store-log.js";

const namePattern = /^hnsw-([0-9a-f]+)-(\d+)-(\d+)-([0-9a-f]{8})\.usearch$/;

/** The CRC-32 and length of a file, read 4 MB at a time (less CPU than 64 MB here: the bytes are summed while still in the cache). */
async function sumFile(path: string): Promise<{ bytes: number; checksum: number }> {
  const handle = await openFile(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(4 * 1024 * 1024, (await handle.stat()).size)));
    let checksum = 0;
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, bytes);
      if (bytesRead === 0) return { bytes, checksum };
      checksum = crc32(buffer.subarray(0, bytesRead), checksum);
      bytes += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** The next key a saved index file covers, when its name belongs to the store and its length and CRC-32 match the name; else undefined. */
async function checkedNextKey(file: string, storeId: string | undefined): Promise<number | undefined> {
  const match = namePattern.exec(basename(file));
  if (!match || match[1] !== storeId) return undefined;
  const sum = await sumFile(file);
  if (sum.bytes !== Number(match[3]) || sum.checksum !== Number.parseInt(match[4]!, 16)) return undefined;
  return Number(match[2]);
}

/**
 * Makes the saved index hold exactly the flat index's live chunks: adds those committed
 * since it was saved, removes those deleted since (keys below `savedNextKey` no longer
 * live). True when the sizes then agree.
 */
async function catchUp(hnsw: HnswIndex, flat: FlatIndex, savedNextKey: number): Promise<boolean> {
  // No key given since the save, so the live chunks are among the saved ones: as many means the same.
  if (savedNextKey === flat.nextKey && hnsw.size === flat.chunkCount) return true;
  const live = [...flat.entries()];
  const liveKeys = new Set(live.map((entry) => entry.key));
  const present = hnsw.contains(live.map((entry) => entry.key));
  const missing = live.filter((_, position) => !present[position]);
  const deleted: number[] = [];
  for (let key = 0; key < savedNextKey; key++) if (!liveKeys.has(key)) deleted.push(key);
  hnsw.remove(deleted);
  await hnsw.addAll(
    missing.map((entry) => entry.key),
    missing.map((entry) => entry.vector),
  );
  return hnsw.size === live.length;
}

/** An HNSW index holding the flat index's chunks (its dimension known): the saved one brought up to date, else a new one. `saved` says whether the file matches it. */
export async function openHnsw(folder: string, names: string[], storeId: string | undefined, flat: FlatIndex, where: string): Promise<{ hnsw: HnswIndex; saved: boolean }> {
  const dimensions = flat.dimensions!;
  for (const name of names) {
    const file = join(folder, name);
    const savedNextKey = await checkedNextKey(file, storeId);
    if (savedNextKey === undefined) continue;
    const hnsw = await HnswIndex.view(file, dimensions, where);
    // Saved again only when chunks were added since (a deletion since is cheap to redo on the next open).
    if (hnsw && (await catchUp(hnsw, flat, savedNextKey))) return { hnsw, saved: savedNextKey === flat.nextKey };
  }
  return { hnsw: await buildHnsw(flat, where), saved: false };
}

/**
 * Reads a mapped saved index into memory before its first change, its file checked again
 * first (it is read by name, and may have changed since the open). False when the file no
 * longer matches or cannot be read: the caller builds a new index.
 */
export async function readViewedHnsw(hnsw: HnswIndex, storeId: string | undefined): Promise<boolean> {
  const file = hnsw.viewedFile;
  if (file === undefined) return true;
  if ((await checkedNextKey(file, storeId).catch(() => undefined)) === undefined) return false;
  try {
    hnsw.writable();
    return true;
  } catch {
    return false;
  }
}

/** A new HNSW index over the flat index's live chunks (its dimension known). */
export async function buildHnsw(flat: FlatIndex, where: string): Promise<HnswIndex> {
  const hnsw = await HnswIndex.create(flat.dimensions!, where);
  const live = [...flat.entries()];
  await hnsw.addAll(
    live.map((entry) => entry.key),
    live.map((entry) => entry.vector),
  );
  return hnsw;
}

/** Saves the index beside the log (temporary file, flush, rename) and removes older index files. */
export async function saveHnsw(folder: string, storeId: string, nextKey: number, hnsw: HnswIndex): Promise<void> {
  const temporary = temporaryName(folder, "hnsw");
  try {
    hnsw.save(temporary);
    const handle = await openFile(temporary, "r+");
    await handle.sync();
    await handle.close();
    const { bytes, checksum } = await sumFile(temporary);
    const name = `hnsw-${storeId}-${nextKey}-${bytes}-${checksum.toString(16).padStart(8, "0")}.usearch`;
    await rename(temporary, join(folder, name));
    await syncFolder(folder);
    for (const old of await readdir(folder)) if (namePattern.test(old) && old !== name) await rm(join(folder, old), { force: true });
  } finally {
    await rm(temporary, { force: true });
  }
}
