/**
 * Text out of files: PDF page by page (unpdf), DOCX (mammoth), HTML without script or style
 * text (html-to-text), Markdown and plain text as they are. Each library is an optional
 * peer, loaded by `import()` when the first file of its kind arrives.
 */
import { extname } from "node:path";
import { loadOptionalPeer } from "./optional-peer.js";

/** A part of a document's text that chunks never cross: a PDF page, or the whole text. */
export interface Section {
  /** Offset of the section's first character in the document's text. */
  start: number;
  /** Offset after its last character. */
  end: number;
  /** The 1-based PDF page. */
  page?: number | undefined;
}

/** A document's extracted text and its sections. */
export interface ParsedDocument {
  /** The whole text (a PDF's pages joined by blank lines). */
  text: string;
  /** In order, covering the text. */
  sections: Section[];
}

/** A file kind bedrock-kit reads, by extension. */
type FileKind = "pdf" | "docx" | "html" | "markdown" | "text";

const kinds: Record<string, FileKind> = {
  ".pdf": "pdf",
  ".docx": "docx",
  ".html": "html",
  ".htm": "html",
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".text": "text",
};

/** The extensions ingest reads; other files in a folder are skipped. */
export const supportedExtensions: readonly string[] = Object.keys(kinds);

/** True for a file name with a supported extension. */
export function isSupported(path: string): boolean {
  return extname(path).toLowerCase() in kinds;
}

/** One section spanning a whole text. */
export function whole(text: string): ParsedDocument {
  return { text, sections: [{ start: 0, end: text.length }] };
}

async function parsePdf(bytes: Uint8Array): Promise<ParsedDocument> {
  const unpdf = await loadOptionalPeer("unpdf", () => import("unpdf"), "reading PDF files");
  // unpdf (PDF.js) takes ownership of the buffer it is given: pass a copy.
  const pdf = await unpdf.getDocumentProxy(new Uint8Array(bytes));
  const { text: pages } = await unpdf.extractText(pdf, { mergePages: false });
  const sections: Section[] = [];
  let text = "";
  pages.forEach((pageText, index) => {
    const trimmed = pageText.trim();
    if (trimmed === "") return;
    if (text !== "") text += "\n\n";
    sections.push({ start: text.length, end: text.length + trimmed.length, page: index + 1 });
    text += trimmed;
  });
  return { text, sections };
}

async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  const loaded = await loadOptionalPeer("mammoth", () => import("mammoth"), "reading DOCX files");
  const mammoth: Pick<typeof loaded, "extractRawText"> = loaded.default ?? loaded;
  const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return whole(result.value.replace(/\n{3,}/g, "\n\n").trim());
}

async function parseHtml(bytes: Uint8Array): Promise<ParsedDocument> {
  const { convert } = await loadOptionalPeer("html-to-text", () => import("html-to-text"), "reading HTML files");
  const skipped = ["script", "style", "noscript", "template", "svg", "img", "head"].map((selector) => ({ selector, format: "skip" }));
  const headings = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } }));
  const text = convert(Buffer.from(bytes).toString("utf8"), {
    wordwrap: false,
    selectors: [...skipped, ...headings, { selector: "a", options: { ignoreHref: true } }, { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } }],
  });
  return whole(text.trim());
}

/** The text of a file's bytes by its extension; throws with a reason a person can act on. */
export async function parseFile(path: string, bytes: Uint8Array): Promise<ParsedDocument> {
  const kind = kinds[extname(path).toLowerCase()];
  switch (kind) {
    case "pdf":
      return parsePdf(bytes);
    case "docx":
      return parseDocx(bytes);
    case "html":
      return parseHtml(bytes);
    case "markdown":
    case "text":
      return whole(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "").trim());
    default:
      throw new Error(`unsupported file type "${extname(path)}"; supported: ${supportedExtensions.join(", ")}`);
  }
}
