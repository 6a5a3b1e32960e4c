/**
 * `pgvectorStore({ connectionString, table })`: chunks in PostgreSQL with the pgvector
 * extension (https://github.com/pgvector/pgvector, 0.8.0 checked 2026-11-30), searched by
 * cosine distance through an HNSW index, filtered in SQL over `jsonb` metadata, with
 * full-text search for HYBRID. The `pg` driver is an optional peer, loaded on `open`.
 */
import { BedrockKitError, ValidationError } from "bedrock-kit";
import { words } from "./keyword-index.js";
import { loadOptionalPeer } from "./optional-peer.js";
import type { Pool, PoolClient } from "pg";
import type { Metadata } from "./filter.js";
import { filterMetadata } from "./flat-index.js";
import { filterToSql } from "./pgvector-filter.js";
import { checkChangeSize, checkQuerySize, reconcileManifest, type DocumentSummary, type ParentChunk, type StoreHit, type StoreManifest, type StoreSearchOptions, type VectorStore } from "./store.js";

/** What {@link pgvectorStore} takes. */
export interface PgvectorStoreOptions {
  /** A PostgreSQL connection string, e.g. `postgres://user:password@127.0.0.1:5432/database`. */
  connectionString: string;
  /**
   * The chunks' table (letters, digits and `_`, starting with a letter or `_`); the store
   * also makes `<table>_documents` and `<table>_manifest`. Created when missing.
   */
  table: string;
}

/** One row of the search queries. */
interface ChunkRow {
  id: string;
  document_id: string;
  text: string;
  text_start: number;
  text_end: number;
  page: number | null;
  parent_id: string | null;
  uri: string;
  content_hash: string;
  document_metadata: Metadata;
  parents: ParentChunk[] | null;
  score: number;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;
/** Rows per INSERT: 9 parameters each, well under PostgreSQL's 65,535. */
const rowsPerInsert = 500;

const vectorLiteral = (vector: Float32Array): string => `[${Array.from(vector).join(",")}]`;
/** The distinct words of a query, as the keyword index sees them. */
const distinctWords = (text: string): string[] => [...new Set(words(text))];

function toHit(row: ChunkRow): StoreHit {
  return {
    chunk: {
      id: row.id,
      text: row.text,
      textSpan: { start: row.text_start, end: row.text_end },
      ...(row.page === null ? {} : { page: row.page }),
      ...(row.parent_id === null ? {} : { parentId: row.parent_id }),
    },
    document: { id: row.document_id, uri: row.uri, contentHash: row.content_hash, metadata: row.document_metadata, ...(row.parents ? { parents: row.parents } : {}) },
    score: Number(row.score),
  };
}

/**
 * A store in PostgreSQL with pgvector, for knowledge bases shared by several processes or
 * larger than one machine's memory. It makes its tables (and `CREATE EXTENSION vector`, which
 * needs the right to) on `open`, records the embedding model and dimension and refuses
 * others, applies each commit in one transaction, and searches with an HNSW index
 * (`vector_cosine_ops`; `hnsw.iterative_scan` keeps filtered searches from coming back
 * short). It does not encrypt: rely on PostgreSQL's own at-rest encryption (an `encryption`
 * option is refused).
 */
export function pgvectorStore(options: PgvectorStoreOptions): VectorStore {
  if (typeof options?.connectionString !== "string" || options.connectionString === "") {
    throw new ValidationError("Invalid store.connectionString: expected a PostgreSQL connection string", { field: "store.connectionString" });
  }
  if (typeof options.table !== "string" || !identifier.test(options.table)) {
    throw new ValidationError("Invalid store.table: expected letters, digits and _, starting with a letter or _ (at most 41 characters)", { field: "store.table" });
  }
  const chunks = `"${options.table}"`;
  const documents = `"${options.table}_documents"`;
  const manifestTable = `"${options.table}_manifest"`;
  let pool: Pool | undefined;
  let manifest: StoreManifest | undefined;
  let dimensions: number | undefined;

  const connected = (): Pool => {
    if (!pool) throw new BedrockKitError(`The pgvector store ${options.table} is not open; open it through createKnowledgeBase`, { code: "StoreNotOpen" });
    return pool;
  };

  /** Makes the chunks' table once the vector size is known (pgvector's HNSW index needs it). */
  async function createChunkTable(client: PoolClient, size: number): Promise<void> {
    await client.query(`CREATE TABLE IF NOT EXISTS ${chunks} (
      id text PRIMARY KEY,
      document_id text NOT NULL REFERENCES ${documents} (id) ON DELETE CASCADE,
      text text NOT NULL,
      text_start integer NOT NULL,
      text_end integer NOT NULL,
      page integer,
      parent_id text,
      metadata jsonb NOT NULL,
      embedding vector(${size}) NOT NULL,
      text_search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED)`);
    await client.query(`CREATE INDEX IF NOT EXISTS "${options.table}_embedding" ON ${chunks} USING hnsw (embedding vector_cosine_ops)`);
    await client.query(`CREATE INDEX IF NOT EXISTS "${options.table}_text_search" ON ${chunks} USING gin (text_search)`);
    await client.query(`CREATE INDEX IF NOT EXISTS "${options.table}_document" ON ${chunks} (document_id)`);
    await client.query(`UPDATE ${manifestTable} SET dimensions = $1`, [size]);
    dimensions = size;
  }

  async function inTransaction<Result>(work: (client: PoolClient) => Promise<Result>): Promise<Result> {
    const client = await connected().connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    async open(openOptions) {
      if (openOptions.encryption) {
        throw new ValidationError("Invalid encryption: pgvectorStore does not encrypt; use PostgreSQL's at-rest encryption, or fileStore with encryption", { field: "encryption" });
      }
      if (!pool) {
        const loaded = await loadOptionalPeer("pg", () => import("pg"), "pgvectorStore");
        const Pg: typeof import("pg").Pool = loaded.default?.Pool ?? loaded.Pool;
        pool = new Pg({ connectionString: options.connectionString, max: 4 });
        // An idle connection that breaks (a server restart) is replaced on the next query; unheard, it would end the process.
        pool.on("error", () => undefined);
      }
      const recorded = await inTransaction(async (client) => {
        await client.query("CREATE EXTENSION IF NOT EXISTS vector");
        await client.query(`CREATE TABLE IF NOT EXISTS ${manifestTable} (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), embedding_model_id text NOT NULL, dimensions integer)`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${documents} (id text PRIMARY KEY, uri text NOT NULL, content_hash text NOT NULL, metadata jsonb NOT NULL, parents jsonb)`);
        const rows = (await client.query<{ embedding_model_id: string; dimensions: number | null }>(`SELECT embedding_model_id, dimensions FROM ${manifestTable}`)).rows;
        const found = rows[0] && { embeddingModelId: rows[0].embedding_model_id, dimensions: rows[0].dimensions ?? undefined };
        manifest = reconcileManifest(found, { embeddingModelId: openOptions.embeddingModelId, dimensions: openOptions.dimensions }, `the pgvector store ${options.table}`);
        if (!found) await client.query(`INSERT INTO ${manifestTable} (embedding_model_id, dimensions) VALUES ($1, NULL)`, [manifest.embeddingModelId]);
        dimensions = found?.dimensions;
        if (dimensions === undefined && manifest.dimensions !== undefined) await createChunkTable(client, manifest.dimensions);
        return found;
      });
      return { embeddingModelId: manifest!.embeddingModelId, dimensions: recorded?.dimensions ?? manifest!.dimensions };
    },

    async commit(change) {
      const size = checkChangeSize(change, dimensions);
      await inTransaction(async (client) => {
        if (dimensions === undefined && size !== undefined) await createChunkTable(client, size);
        const replaced = [...change.remove, ...change.upsert.map((document) => document.id)];
        if (replaced.length > 0) await client.query(`DELETE FROM ${documents} WHERE id = ANY($1)`, [replaced]);
        for (const document of change.upsert) {
          await client.query(`INSERT INTO ${documents} (id, uri, content_hash, metadata, parents) VALUES ($1, $2, $3, $4, $5)`, [
            document.id,
            document.uri,
            document.contentHash,
            JSON.stringify(document.metadata),
            document.parents ? JSON.stringify(document.parents) : null,
          ]);
        }
        const rows = change.upsert.flatMap((document) => document.chunks.map((chunk) => ({ document, chunk })));
        for (let start = 0; start < rows.length; start += rowsPerInsert) {
          const parameters: unknown[] = [];
          const values = rows.slice(start, start + rowsPerInsert).map(({ document, chunk }) => {
            const first = parameters.length;
            parameters.push(chunk.id, document.id, chunk.text, chunk.textSpan.start, chunk.textSpan.end, chunk.page ?? null, chunk.parentId ?? null, JSON.stringify(filterMetadata(document, chunk)), vectorLiteral(chunk.vector));
            return `(${Array.from({ length: 9 }, (_, offset) => `$${first + offset + 1}`).join(", ")}::vector)`;
          });
          await client.query(`INSERT INTO ${chunks} (id, document_id, text, text_start, text_end, page, parent_id, metadata, embedding) VALUES ${values.join(", ")}`, parameters);
        }
      });
    },

    async listDocuments(): Promise<DocumentSummary[]> {
      const count = dimensions === undefined ? "0" : `(SELECT count(*) FROM ${chunks} AS chunk WHERE chunk.document_id = document.id)`;
      const { rows } = await connected().query<{ id: string; uri: string; content_hash: string; chunk_count: string }>(
        `SELECT id, uri, content_hash, ${count} AS chunk_count FROM ${documents} AS document ORDER BY id`,
      );
      return rows.map((row) => ({ id: row.id, uri: row.uri, contentHash: row.content_hash, chunkCount: Number(row.chunk_count) }));
    },

    async search(vector, searchOptions: StoreSearchOptions) {
      if (dimensions === undefined) return [];
      checkQuerySize(vector, dimensions);
      const parameters: unknown[] = [vectorLiteral(vector), searchOptions.numberOfResults];
      const where = searchOptions.filter ? `WHERE ${filterToSql(searchOptions.filter, "chunk.metadata", parameters)}` : "";
      return inTransaction(async (client) => {
        // Filtered HNSW scans continue until enough rows pass (pgvector 0.8 iterative scans). The candidate list
        // (ef_search, pgvector's default 40) is widened to 100 or twice k: recall over speed.
        await client.query("SET LOCAL hnsw.iterative_scan = strict_order");
        await client.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(100, searchOptions.numberOfResults * 2))}`);
        const { rows } = await client.query<ChunkRow>(
          `SELECT chunk.id, chunk.document_id, chunk.text, chunk.text_start, chunk.text_end, chunk.page, chunk.parent_id,
                  document.uri, document.content_hash, document.metadata AS document_metadata, document.parents,
                  1 - (chunk.embedding <=> $1::vector) AS score
           FROM ${chunks} AS chunk JOIN ${documents} AS document ON document.id = chunk.document_id
           ${where} ORDER BY chunk.embedding <=> $1::vector LIMIT $2`,
          parameters,
        );
        return rows.map(toHit);
      });
    },

    async searchText(query, searchOptions: StoreSearchOptions) {
      const terms = distinctWords(query);
      if (dimensions === undefined || terms.length === 0) return [];
      // Each word weighs by its rarity (BM25's inverse document frequency) times PostgreSQL's ts_rank.
      const frequencies = await connected().query<Record<string, string>>(
        `SELECT count(*) AS total, ${terms.map((_, index) => `count(*) FILTER (WHERE text_search @@ to_tsquery('simple', $${index + 1})) AS "t${index}"`).join(", ")} FROM ${chunks}`,
        terms,
      );
      const total = Number(frequencies.rows[0]!.total);
      const weights = terms.map((_, index) => {
        const frequency = Number(frequencies.rows[0]![`t${index}`]);
        return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
      });
      const parameters: unknown[] = [terms.join(" | "), searchOptions.numberOfResults];
      const score = terms.map((term, index) => `${weights[index]} * ts_rank(chunk.text_search, to_tsquery('simple', $${parameters.push(term)}))`).join(" + ");
      const filter = searchOptions.filter ? `AND ${filterToSql(searchOptions.filter, "chunk.metadata", parameters)}` : "";
      const { rows } = await connected().query<ChunkRow>(
        `SELECT chunk.id, chunk.document_id, chunk.text, chunk.text_start, chunk.text_end, chunk.page, chunk.parent_id,
                document.uri, document.content_hash, document.metadata AS document_metadata, document.parents, ${score} AS score
         FROM ${chunks} AS chunk JOIN ${documents} AS document ON document.id = chunk.document_id
         WHERE chunk.text_search @@ to_tsquery('simple', $1) ${filter} ORDER BY score DESC, chunk.id LIMIT $2`,
        parameters,
      );
      return rows.map(toHit);
    },

    async close() {
      const closing = pool;
      pool = undefined;
      await closing?.end();
    },
  };
}
