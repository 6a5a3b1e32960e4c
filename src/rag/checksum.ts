/** CRC-32 for the store's files: zlib's (Node 20.15 and later), or the same sum in JavaScript before. */
import * as zlib from "node:zlib";

const table = Uint32Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value;
});

/** The CRC-32 of the bytes, continuing from `previous` (the CRC of the bytes before them). */
export const crc32: (bytes: Uint8Array, previous?: number) => number =
  (zlib as { crc32?: (bytes: Uint8Array, previous?: number) => number }).crc32 ??
  ((bytes, previous = 0) => {
    let crc = ~previous >>> 0;
    for (const byte of bytes) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
    return ~crc >>> 0;
  });
