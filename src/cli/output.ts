/** How the CLI prints: plain text for people (bold only on a colour terminal), JSON for scripts. */

/** Where and how the CLI writes; tests give their own. */
export interface Output {
  /** Standard output. */
  out(text: string): void;
  /** Standard error. */
  error(text: string): void;
  /** True when text may carry ANSI colours (a terminal, and no `NO_COLOR`). */
  colour: boolean;
}

/** The process's own standard output and error. */
export function processOutput(): Output {
  return {
    out: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
    colour: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
  };
}

/** Text in bold on a colour terminal. */
export function bold(output: Output, text: string): string {
  return output.colour ? `\u001b[1m${text}\u001b[22m` : text;
}

/** Prints a value as JSON, one document per command. */
export function printJson(output: Output, value: unknown): void {
  output.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows under a header, each column padded to its widest cell. */
export function printTable(output: Output, header: string[], rows: string[][]): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  output.out(`${bold(output, line(header))}\n`);
  for (const row of rows) output.out(`${line(row)}\n`);
}

/** Dollars for people: small amounts keep their significant digits. */
export function formatUsd(value: number | undefined): string {
  if (value === undefined) return "-";
  return value >= 0.01 ? `$${value.toFixed(4)}` : `$${value.toPrecision(3)}`;
}
