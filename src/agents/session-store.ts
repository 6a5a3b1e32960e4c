/**
 * Where an agent keeps its sessions and the runs that wait for tool results: JSON text
 * under string keys, so any key-value store (a file, Redis, a database row) can hold them
 * and a run can resume in another process.
 * @module
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A store of JSON text by key. Keys are short ASCII strings (`session/…`,
 * `invocation/…`); values are what `JSON.stringify` made. Implement it over any
 * key-value store; reads and writes of one key must not interleave.
 */
export interface SessionStore {
  /** The value stored under the key, or undefined. */
  get(key: string): Promise<string | undefined>;
  /** Stores the value under the key, replacing any. */
  set(key: string, value: string): Promise<void>;
  /** Removes the key (no error when it is absent). */
  delete(key: string): Promise<void>;
}

/** A store in this process's memory, the agent's default: sessions end with the process. */
export function memorySessionStore(): SessionStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

/**
 * A store of one JSON file per key in a folder (created on first write), so that a run
 * awaiting tool results can resume in another process or after a restart. Files are
 * written whole and renamed into place, so a reader never sees half a file.
 */
export function fileSessionStore(folder: string): SessionStore {
  const pathOf = (key: string): string => join(folder, `${encodeURIComponent(key)}.json`);
  let writes = 0;
  return {
    get: async (key) => {
      try {
        return await readFile(pathOf(key), "utf8");
      } catch (error) {
        if ((error as { code?: unknown }).code === "ENOENT") return undefined;
        throw error;
      }
    },
    set: async (key, value) => {
      await mkdir(folder, { recursive: true });
      const temporary = `${pathOf(key)}.${process.pid}.${++writes}.tmp`;
      await writeFile(temporary, value, "utf8");
      await rename(temporary, pathOf(key));
    },
    delete: (key) => rm(pathOf(key), { force: true }),
  };
}
