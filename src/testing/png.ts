/** A minimal PNG encoder for the offline Bedrock's images: 8-bit RGB, one IDAT, real CRCs. */
import { crc32, deflateSync } from "node:zlib";

function chunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([header, data, crc]);
}

/**
 * A width × height PNG whose colours are a deterministic pattern of `seed`: diagonal bands
 * and a gradient, so different prompts and seeds give visibly different images.
 */
export function patternPng(width: number, height: number, seed: number): Buffer {
  const row = 1 + width * 3;
  const pixels = Buffer.alloc(row * height);
  const [red, green, blue] = [seed & 0xff, (seed >>> 8) & 0xff, (seed >>> 16) & 0xff];
  const band = 16 + (seed % 48);
  for (let y = 0; y < height; y++) {
    pixels[y * row] = 0;
    for (let x = 0; x < width; x++) {
      const stripe = Math.floor((x + y) / band) % 2 === 0;
      const offset = y * row + 1 + x * 3;
      pixels[offset] = stripe ? red : (red + Math.floor((x * 255) / width)) & 0xff;
      pixels[offset + 1] = stripe ? green : (green + Math.floor((y * 255) / height)) & 0xff;
      pixels[offset + 2] = stripe ? blue : 255 - blue;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(pixels)), chunk("IEND", Buffer.alloc(0))]);
}
