/**
 * Draws the app icon, resources/icon.png (1024×1024 RGBA), from code, so it
 * can be remade without a drawing program or ImageMagick:
 *
 *   node --import tsx scripts/make-icon.ts [output.png]
 *
 * A "T" monogram with two sound-wave arcs (the spoken interview) in white on
 * a teal-to-indigo rounded square, inset as Apple's icon grid asks (824 px of
 * 1024). electron-builder makes the .icns, .ico and Linux sizes from this one
 * PNG (electron-builder.yml: directories.buildResources).
 *
 * Shapes are signed distance functions sampled 4×4 per pixel for smooth
 * edges; the PNG is written with node:zlib. Same input, same bytes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const SAMPLES = 4;

type Rgb = readonly [number, number, number];
const TEAL: Rgb = [13, 148, 136];
const INDIGO: Rgb = [49, 46, 129];
const WHITE: Rgb = [255, 255, 255];

/** Distance to a rounded box centred at (cx, cy) with half sizes (hw, hh) and corner radius r. */
function roundedBox(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance to a segment (ax, ay)–(bx, by) of half thickness w with round caps. */
function capsule(x: number, y: number, ax: number, ay: number, bx: number, by: number, w: number): number {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(1, Math.max(0, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - w;
}

/** Distance to an arc of radius r around (cx, cy), half thickness w, spanning ±half radians about the +x axis, round ends. */
function arc(x: number, y: number, cx: number, cy: number, r: number, half: number, w: number): number {
  const angle = Math.atan2(y - cy, x - cx);
  if (Math.abs(angle) <= half) return Math.abs(Math.hypot(x - cx, y - cy) - r) - w;
  const end = Math.sign(angle) * half;
  return Math.hypot(x - (cx + r * Math.cos(end)), y - (cy + r * Math.sin(end))) - w;
}

/** Coverage (0..1) of the background square and of the white mark at one sample point. */
function shapesAt(x: number, y: number): { tile: number; mark: number } {
  const tile = roundedBox(x, y, 512, 512, 412, 412, 185);
  const stroke = 46;
  const mark = Math.min(
    capsule(x, y, 272, 318, 582, 318, stroke), // the T's bar
    capsule(x, y, 427, 318, 427, 708, stroke), // its stem
    arc(x, y, 532, 548, 150, 0.62, 30), // the voice: two arcs beside the stem
    arc(x, y, 532, 548, 235, 0.62, 30),
  );
  return { tile: tile <= 0 ? 1 : 0, mark: mark <= 0 ? 1 : 0 };
}

export function renderIcon(size = SIZE): Buffer {
  const scale = SIZE / size;
  const stride = size * 4 + 1;
  const raw = Buffer.alloc(stride * size);
  for (let py = 0; py < size; py++) {
    raw[py * stride] = 0; // PNG filter: none
    for (let px = 0; px < size; px++) {
      let tile = 0;
      let mark = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const s = shapesAt((px + (sx + 0.5) / SAMPLES) * scale, (py + (sy + 0.5) / SAMPLES) * scale);
          tile += s.tile;
          mark += s.mark * s.tile;
        }
      }
      tile /= SAMPLES * SAMPLES;
      mark /= SAMPLES * SAMPLES;
      // Diagonal gradient, top left (teal) to bottom right (indigo).
      const t = Math.min(1, Math.max(0, (px + py) / (2 * size)));
      const colour = [0, 1, 2].map((i) => {
        const background = TEAL[i]! + (INDIGO[i]! - TEAL[i]!) * t;
        return tile > 0 ? (background * (tile - mark) + WHITE[i]! * mark) / tile : 0;
      });
      const at = py * stride + 1 + px * 4;
      raw[at] = Math.round(colour[0]!);
      raw[at + 1] = Math.round(colour[1]!);
      raw[at + 2] = Math.round(colour[2]!);
      raw[at + 3] = Math.round(tile * 255);
    }
  }
  return encodePng(size, size, raw);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of 8-bit RGBA rows, each already prefixed with its filter byte. */
function encodePng(width: number, height: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const output = process.argv[2] ?? fileURLToPath(new URL('../resources/icon.png', import.meta.url));
  writeFileSync(output, renderIcon());
  console.log(`Wrote ${output} (${SIZE}×${SIZE}).`);
}
