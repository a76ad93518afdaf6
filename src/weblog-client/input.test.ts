import { createDataFrame, FieldType } from '@grafana/data';

import { WEBLOG_META_KEY } from '../contract';
import { detectWeblogInput } from './input';

const LINE =
  '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /a.png HTTP/1.1" 200 203023 "http://x/" "Mozilla/5.0 (Macintosh) Chrome/32.0 Safari/537.36"';
const T = Date.UTC(2015, 4, 17, 10);

describe('detectWeblogInput', () => {
  it('finds raw lines in a Loki-like frame (labels, Time, Line, tsNs, id), whatever the field name', () => {
    const loki = createDataFrame({
      fields: [
        { name: 'labels', type: FieldType.other, values: [{ job: 'web' }, { job: 'web' }] },
        { name: 'Time', type: FieldType.time, values: [T, T] },
        { name: 'Line', type: FieldType.string, values: [LINE, LINE] },
        { name: 'tsNs', type: FieldType.string, values: ['1', '2'] },
        { name: 'id', type: FieldType.string, values: ['a', 'b'] },
      ],
    });
    const d = detectWeblogInput([loki, loki]);
    expect(d?.input.kind).toBe('lines');
    expect(d?.input.kind === 'lines' && d.input.lines.length).toBe(4);
    expect(d?.source).toContain('Line');
    const odd = createDataFrame({ fields: [{ name: 'payload', type: FieldType.string, values: [LINE] }] });
    expect(detectWeblogInput([odd])?.input.kind).toBe('lines');
  });

  it('finds IP rows with user agent and status (Elasticsearch/SQL)', () => {
    const rows = createDataFrame({
      fields: [
        { name: '@timestamp', type: FieldType.time, values: [T, T + 1000] },
        { name: 'clientip', type: FieldType.string, values: ['83.149.9.216', '2001:db8::1'] },
        { name: 'agent', type: FieldType.string, values: ['Mozilla/5.0', 'curl/7.0'] },
        { name: 'response', type: FieldType.number, values: [200, 404] },
        { name: 'bytes', type: FieldType.number, values: [1, 2] },
      ],
    });
    const d = detectWeblogInput([rows]);
    expect(d?.input).toMatchObject({
      kind: 'rows',
      ip: ['83.149.9.216', '2001:db8::1'],
      userAgent: ['Mozilla/5.0', 'curl/7.0'],
      status: [200, 404],
    });
    expect(d?.source).toBe('rows from @timestamp + clientip + agent + response');
    // An IP field recognised by its values, without a known name.
    const anon = createDataFrame({
      fields: [
        { name: 't', type: FieldType.time, values: [T] },
        { name: 'who', type: FieldType.string, values: ['10.0.0.1'] },
      ],
    });
    expect(detectWeblogInput([anon])?.input.kind).toBe('rows');
  });

  it('finds long counts (time, country, count) and series labelled by country (Prometheus sum by (country))', () => {
    const long = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T, T, T + 3600e3] },
        { name: 'country', type: FieldType.string, values: ['US', 'fr', '-'] },
        { name: 'count', type: FieldType.number, values: [5, 2, 1] },
      ],
    });
    expect(detectWeblogInput([long])?.input).toMatchObject({
      kind: 'counts',
      country: ['US', 'fr', '-'],
      count: [5, 2, 1],
    });
    const series = (cc: string, v: number[]) =>
      createDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: [T, T + 3600e3] },
          { name: 'Value', type: FieldType.number, values: v, labels: { country: cc } },
        ],
      });
    const d = detectWeblogInput([series('US', [3, 4]), series('DE', [1, 0])]);
    expect(d?.input.kind).toBe('counts');
    if (d?.input.kind === 'counts') {
      expect(Array.from(d.input.country)).toEqual(['US', 'US', 'DE', 'DE']);
      expect(Array.from(d.input.count)).toEqual([3, 4, 1, 0]);
      expect(Array.from(d.input.time)).toEqual([T, T + 3600e3, T, T + 3600e3]);
    }
    // Without a time field, counts land at the fallback time.
    const noTime = createDataFrame({
      fields: [
        { name: 'cc', type: FieldType.string, values: ['US'] },
        { name: 'hits', type: FieldType.number, values: [7] },
      ],
    });
    expect(detectWeblogInput([noTime], 42)?.input).toMatchObject({ kind: 'counts', time: new Float64Array([42]) });
  });

  it("finds series labelled by country name as Alloy's geoip stage writes them; unknown and unlabelled ones stay", () => {
    // as Grafana's Prometheus datasource answers sum by (geoip_country_name) (count_over_time(...)): a frame per series
    const series = (labels: Record<string, string>, v: number[]) =>
      createDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: [T, T + 60e3] },
          { name: 'Value', type: FieldType.number, values: v, labels },
        ],
      });
    const frames = [
      series({ geoip_country_name: 'United States' }, [3, 4]),
      series({ geoip_country_name: 'Atlantis' }, [1, 1]),
      series({}, [2, 0]), // lines the geoip stage could not place carry no label
    ];
    const d = detectWeblogInput(frames);
    expect(d?.source).toBe('counts from series labelled by country');
    expect(d?.input).toMatchObject({ kind: 'counts' });
    if (d?.input.kind === 'counts') {
      expect(Array.from(d.input.country)).toEqual(['United States', 'United States', 'Atlantis', 'Atlantis', '', '']);
      expect(Array.from(d.input.count)).toEqual([3, 4, 1, 1, 2, 0]);
    }
    // no label naming a country: not per-country counts (an unrelated metric with a "cc" label)
    expect(detectWeblogInput([series({ cc: 'gcc' }, [1, 2])])).toBeNull();
    // a long frame with a country-name column
    const long = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T, T] },
        { name: 'geoip_country_name', type: FieldType.string, values: ['Germany', 'Ivory Coast'] },
        { name: 'count', type: FieldType.number, values: [5, 2] },
      ],
    });
    expect(detectWeblogInput([long])?.input).toMatchObject({ kind: 'counts', country: ['Germany', 'Ivory Coast'] });
  });

  it("reads the datasource's web-log frames through their country frame only", () => {
    const ipData = { source: 'Test data', date: '2026-01' };
    const meta = (role: string) => ({
      custom: { [WEBLOG_META_KEY]: { role, bucket: '1h', bucketMs: 3600e3, ipData } },
    });
    const total = createDataFrame({
      meta: meta('total'),
      fields: [
        { name: 'time', type: FieldType.time, values: [T] },
        { name: 'requests', type: FieldType.number, values: [9] },
      ],
    });
    const countries = createDataFrame({
      meta: meta('country'),
      fields: [
        { name: 'time', type: FieldType.time, values: [T] },
        { name: 'country', type: FieldType.string, values: ['US'] },
        { name: 'count', type: FieldType.number, values: [9] },
      ],
    });
    expect(detectWeblogInput([total, countries])).toMatchObject({
      input: { kind: 'counts' },
      bucketMs: 3600e3,
      ipData,
    });
    expect(detectWeblogInput([total])).toBeNull();
  });

  it('returns null for frames of none of the shapes', () => {
    const metrics = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T] },
        { name: 'value', type: FieldType.number, values: [1] },
        { name: 'name', type: FieldType.string, values: ['cpu'] },
      ],
    });
    expect(detectWeblogInput([metrics])).toBeNull();
    expect(detectWeblogInput([])).toBeNull();
  });
});
