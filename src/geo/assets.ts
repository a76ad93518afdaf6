// Asset files written by `npm run build:geo` into build/assets/ and shipped as dist/assets/, i.e. served
// at `<plugin public path>/assets/...`. Both are gzipped because Grafana serves plugin files uncompressed.

/** The packed IP→country table (see ./format.ts), gzip. */
export const GEO_TABLE_ASSET = 'assets/geo-country.bin.gz';

/** The world map (see ./world.ts), gzip. */
export const WORLD_MAP_ASSET = 'assets/world-50m.topo.json.gz';

/** How the caller fetches a plugin asset by its path relative to the plugin's public path. */
export type FetchBytes = (path: string) => Promise<ArrayBuffer | Uint8Array>;

function isGzip(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Returns the bytes, gunzipped when they carry the gzip magic. Uses DecompressionStream (browsers, Web
 * Workers, Node ≥ 18); a server that already decoded the file (Content-Encoding) or a Node caller that
 * used zlib passes plain bytes through untouched.
 */
export async function gunzipIfNeeded(data: ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  // isView rather than instanceof: Node Buffers and typed arrays from another realm are still views.
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  if (!isGzip(bytes)) {
    return bytes;
  }
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('gzip asset, but this runtime has no DecompressionStream: pass decompressed bytes');
  }
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Not awaited: the writes only settle as the reader below drains the output.
  writer.write(bytes).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    chunks.push(value);
    total += value.length;
  }
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}
