/**
 * PNG encoding of an opaque RGBA image with Node's zlib.
 *
 * Why not resvg's own `asPng()`: on a 2000 × 1740 chart it took 50 ms of the main thread,
 * a third of the whole rendering; the rows with their filter byte and zlib at level 1 take
 * 14–20 ms (level 3: 24 ms for a file 10 % smaller; RGB instead of RGBA: the conversion costs
 * more than it saves).
 *
 * Why in two halves: deflate is most of that, and it splits. The second half of the rows is
 * compressed on libuv's thread pool while the main thread compresses the first, which ends
 * on a byte boundary without closing the stream (a sync flush); the two pieces then read as
 * one zlib stream, whose checksum is the two halves' checksums combined. The file is a few
 * hundred bytes larger (the second half does not refer back into the first).
 */
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Fast and still small on charts (flat areas): Fig. 1 at 2× is 247 KB (level 3: 223 KB). */
const LEVEL = 1;
/** Below this many bytes of rows, one piece: a hand-over to the thread pool costs more. */
const SPLIT_FROM = 1 << 20;

/**
 * The filtered rows are written into a buffer kept for the next chart and let go after a
 * quiet moment. A fresh 18 MB buffer (a 2000 × 2310 chart) costs its page faults at first
 * touch: 8–14 ms of a copy that takes 2–3 ms into a buffer already mapped, and charts come
 * in bursts (a Table 1 reply, the demo's nine figures). An encoding holds it until its
 * second half is compressed; one that starts meanwhile takes a buffer of its own.
 */
let spare: Buffer | null = null;
let letGo: NodeJS.Timeout | null = null;
const KEEP_MS = 2_000;

function takeRowsBuffer(size: number): Buffer {
  const taken = spare && spare.length >= size ? spare : Buffer.allocUnsafe(size);
  spare = null;
  return taken;
}

function giveBack(buffer: Buffer): void {
  spare = buffer;
  if (letGo) clearTimeout(letGo);
  letGo = setTimeout(() => {
    spare = null;
    letGo = null;
  }, KEEP_MS);
  letGo.unref();
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Writes rows [from, to) of `rgba` into `rows`, each after its filter byte (0: none). */
function filterRows(rgba: Buffer, stride: number, rows: Buffer, from: number, to: number): void {
  for (let y = from; y < to; y++) {
    const at = y * (stride + 1);
    rows[at] = 0;
    rgba.copy(rows, at + 1, y * stride, (y + 1) * stride);
  }
}

const ADLER_BASE = 65521;

/** Adler-32 of A followed by B, from the checksums of each and the length of B (as zlib's adler32_combine). */
export function combineAdler32(first: number, second: number, secondLength: number): number {
  const remainder = secondLength % ADLER_BASE;
  let low = first & 0xffff;
  let high = (remainder * low) % ADLER_BASE;
  low += (second & 0xffff) + ADLER_BASE - 1;
  high += (first >>> 16) + (second >>> 16) + ADLER_BASE - remainder;
  if (low >= ADLER_BASE) low -= ADLER_BASE;
  if (low >= ADLER_BASE) low -= ADLER_BASE;
  if (high >= 2 * ADLER_BASE) high -= 2 * ADLER_BASE;
  if (high >= ADLER_BASE) high -= ADLER_BASE;
  return ((high << 16) | low) >>> 0;
}

/** More than deflate can write for `length` bytes at any level (stored blocks add 5 bytes in 65,535). */
function outputRoom(length: number): number {
  return length + (length >> 10) + 1024;
}

function deflateOnPool(data: Buffer): Promise<Buffer> {
  // One output chunk large enough for the whole result: the pool then finishes in one task,
  // without coming back to a main thread that is busy with the other half.
  return new Promise((resolve, reject) => zlib.deflate(data, { level: LEVEL, chunkSize: outputRoom(data.length) }, (error, out) => (error ? reject(error) : resolve(out))));
}

/**
 * The zlib stream of the filtered rows, compressed in two halves at once (see the top of the
 * file). The second half's rows are written first, so the pool starts on them at once.
 */
async function deflateInHalves(rgba: Buffer, stride: number, height: number, rows: Buffer): Promise<Buffer> {
  const middle = height >> 1;
  const half = middle * (stride + 1);
  const first = rows.subarray(0, half);
  const second = rows.subarray(half);
  filterRows(rgba, stride, rows, middle, height);
  const secondStream = deflateOnPool(second);
  filterRows(rgba, stride, rows, 0, middle);
  const firstBlocks = zlib.deflateRawSync(first, { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  // The first half's checksum, from a stream at level 0 (it only stores, and zlib's adler32 is
  // vectorised): 1 ms here while the pool finishes, where a loop in JavaScript takes 7 ms and
  // a third task on the pool slowed the other two by as much.
  const firstStored = zlib.deflateSync(first, { level: 0, chunkSize: outputRoom(first.length) });
  const secondZlib = await secondStream;
  const adler = combineAdler32(firstStored.readUInt32BE(firstStored.length - 4), secondZlib.readUInt32BE(secondZlib.length - 4), second.length);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler, 0);
  // The second stream's header (same level, no dictionary) opens the whole; its blocks end it.
  return Buffer.concat([secondZlib.subarray(0, 2), firstBlocks, secondZlib.subarray(2, secondZlib.length - 4), trailer]);
}

/**
 * `rgba`: width × height pixels, 4 bytes each, every alpha 255 (the chart's opaque
 * background is painted first): straight and premultiplied colours are then the same.
 */
export async function encodeOpaquePng(width: number, height: number, rgba: Buffer): Promise<Buffer> {
  const stride = width * 4;
  if (rgba.length !== stride * height) throw new Error(`encodeOpaquePng: ${rgba.length} bytes for ${width} × ${height}`);
  const rowsLength = (stride + 1) * height;
  const buffer = takeRowsBuffer(rowsLength);
  const rows = buffer.subarray(0, rowsLength);
  let compressed: Buffer;
  try {
    if (rowsLength >= SPLIT_FROM) compressed = await deflateInHalves(rgba, stride, height, rows);
    else {
      filterRows(rgba, stride, rows, 0, height);
      compressed = zlib.deflateSync(rows, { level: LEVEL });
    }
  } finally {
    giveBack(buffer);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', compressed), chunk('IEND', Buffer.alloc(0))]);
}
