// A heat overlay in the manner of simpleheat (BSD-2, what Leaflet.heat and folium draw with): each point
// is a blurred alpha disc on an offscreen canvas, the summed alpha is then coloured through a 256-step
// ramp. Written here in a few lines rather than bundled; drawn on a canvas under the country outlines'
// pointer layer, so it never steals hover from the map.

export interface HeatPoint {
  x: number;
  y: number;
  /** 0–1. */
  weight: number;
}

let paletteCache: { key: string; data: Uint8ClampedArray } | undefined;

function palette(stops: Array<[number, string]>): Uint8ClampedArray {
  const key = JSON.stringify(stops);
  if (paletteCache?.key === key) {
    return paletteCache.data;
  }
  const c = document.createElement('canvas');
  c.width = 256;
  c.height = 1;
  const ctx = c.getContext('2d')!;
  const g = ctx.createLinearGradient(0, 0, 256, 0);
  for (const [at, color] of stops) {
    g.addColorStop(at, color);
  }
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, 256, 1);
  const data = ctx.getImageData(0, 0, 256, 1).data;
  paletteCache = { key, data };
  return data;
}

/** Draws the points onto `canvas` (CSS size width × height; the backing store follows devicePixelRatio). */
export function drawHeat(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  points: HeatPoint[],
  radius: number,
  stops: Array<[number, string]>
): void {
  const ratio = typeof window !== 'undefined' ? Math.min(2, window.devicePixelRatio || 1) : 1;
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) {
    return;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (points.length === 0) {
    return;
  }
  const r = radius * ratio;
  ctx.globalCompositeOperation = 'source-over';
  for (const p of points) {
    const x = p.x * ratio;
    const y = p.y * ratio;
    const g = ctx.createRadialGradient(x, y, 0, x, y, r);
    const a = Math.max(0.03, Math.min(1, p.weight));
    g.addColorStop(0, `rgba(0,0,0,${a})`);
    g.addColorStop(1, 'rgba(0,0,0,0)');
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fill();
  }
  const image = ctx.getImageData(0, 0, w, h);
  const px = image.data;
  const pal = palette(stops);
  for (let i = 3; i < px.length; i += 4) {
    const alpha = px[i];
    if (alpha === 0) {
      continue;
    }
    const j = alpha * 4;
    px[i - 3] = pal[j];
    px[i - 2] = pal[j + 1];
    px[i - 1] = pal[j + 2];
    px[i] = Math.min(230, alpha * 1.4);
  }
  ctx.putImageData(image, 0, 0);
}
