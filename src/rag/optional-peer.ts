/**
 * Optional peer packages (unpdf, mammoth, html-to-text, pg, usearch, the KMS and Agent
 * Runtime clients) are loaded on first use; one that is missing, or installed but unable to
 * load, is a `ValidationError` with code `MissingDependency` that names the package.
 */
import { ValidationError } from "bedrock-kit";

/** Loads `name` through `load`; `needs` says what needs it (`kmsKey`), `install` what to run (default `npm install name`). */
export async function loadOptionalPeer<Module>(name: string, load: () => Promise<Module>, needs: string, install = `npm install ${name}`): Promise<Module> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    const missing = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
    const problem = missing ? `needs the optional package ${name}: ${install}` : `needs the optional package ${name}, which is installed but did not load (${(error as Error)?.message ?? String(error)})`;
    throw new ValidationError(`${needs} ${problem}`, { code: "MissingDependency", field: name, cause: error });
  }
}

/** Where an AWS client made on first use connects: the options a caller gave, if any. */
export interface ConnectionOptions<Credentials> {
  region?: string | undefined;
  endpoint?: string | undefined;
  credentials?: Credentials | undefined;
}

/** The options an AWS SDK client constructor takes, without the ones not given. */
export function clientConfig<Credentials>(options: ConnectionOptions<Credentials>): ConnectionOptions<Credentials> {
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

/** `make()` once, shared by every caller; a failure (a missing package) is tried again on the next call. */
export function once<Value>(make: () => Promise<Value>): () => Promise<Value> {
  let made: Promise<Value> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}
