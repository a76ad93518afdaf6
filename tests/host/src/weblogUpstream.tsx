// A harness upstream for the web-log input shapes, built from the apache_logs sample:
//   shape 'lines'   one string field `Line` (like Loki / a file), optionally repeated and with extra lines;
//   shape 'rows'    time + clientip + agent + response per request (like Elasticsearch / SQL rows);
//   shape 'counts'  time + country + count, already aggregated (like Loki/Prometheus `sum by (country)`),
//                   a deterministic synthetic day of hourly counts;
//   shape 'series'  the same counts as one numeric series per country, labelled `country` (Prometheus).
import {
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  FieldType,
  createDataFrame,
} from '@grafana/data';
import { type DataQuery } from '@grafana/schema';

import { fetchText } from './fetch';

export interface WeblogQuery extends DataQuery {
  shape?: 'lines' | 'rows' | 'counts' | 'series';
  /** Path under /data (default apache_logs/apache_logs). */
  file?: string;
  /** Repeat the file's lines this many times (e.g. 10 → 100 k lines). */
  repeat?: number;
  /** Literal lines appended (after the repeats). */
  lines?: string[];
  /** Instead of the file: 10,000 lines an attacker would send (see {@link hostileLines}). */
  hostile?: 'crawl' | 'bot-names';
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const LINE =
  /^(\S+) \S+ \S+ \[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-]\d{4})\] "[^"]*" (\d{3}) \S+(?: "[^"]*" "([^"]*)")?/;

/** A deliberately simple regex reader (the harness's own, not Bandscope's parser). */
function toRow(line: string): { ip: string; time: number; status: number; agent: string } | null {
  const m = LINE.exec(line);
  if (!m) {
    return null;
  }
  const off = (Number(m[8].slice(0, 3)) * 60 + Math.sign(Number(m[8])) * Number(m[8].slice(3))) * 60_000;
  const time = Date.UTC(Number(m[4]), MONTHS[m[3]], Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7])) - off;
  return { ip: m[1], time, status: Number(m[9]), agent: m[10] ?? '' };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTH_NAMES = Object.keys(MONTHS);

/**
 * Issue 17's hostile logs, 10,000 requests: `crawl`, 8 KB agents `aaaa…a<i> crawl` over one day (the bot
 * pattern was quadratic on them) plus 100 lines with a 70 KB agent (over the line and agent caps);
 * `bot-names`, one request per bot of its own name over 41 days (unbounded categories).
 */
function hostileLines(kind: 'crawl' | 'bot-names'): string[] {
  const n = 10_000;
  const days = kind === 'crawl' ? 1 : 41;
  const line = (i: number, agent: string) => {
    const t = new Date(Date.UTC(2026, 0, 1) + Math.floor((i * days * 86_400_000) / n));
    const time = `${pad2(t.getUTCDate())}/${MONTH_NAMES[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())} +0000`;
    const ip = `${1 + (i % 223)}.${(i * 7) % 256}.${(i * 13) % 256}.${i % 256}`;
    return `${ip} - - [${time}] "GET / HTTP/1.1" 200 1 "-" "${agent}"`;
  };
  if (kind === 'bot-names') {
    return Array.from({ length: n }, (_, i) => line(i, `Mozilla/5.0 (compatible; x${i}bot/1.0)`));
  }
  const crawl = Array.from({ length: n }, (_, i) => line(i, 'a'.repeat(8192 - 6 - String(i).length) + i + ' crawl'));
  return crawl.concat(Array.from({ length: 100 }, (_, i) => line(i * 100, 'b'.repeat(70_000))));
}

const COUNT_COUNTRIES = ['US', 'DE', 'FR', 'BR', 'JP', 'SG', 'IN', 'AU'];
const COUNT_START = Date.UTC(2026, 0, 5);

/** Hourly requests per country for one day: a daily wave per country, a burst from DE at 14:00. */
function syntheticCount(country: number, hour: number): number {
  const base = [400, 120, 90, 60, 50, 15, 80, 30][country];
  const wave = 1 + 0.6 * Math.sin(((hour - 6 - country * 2) / 24) * 2 * Math.PI);
  return Math.round(base * wave) + (country === 1 && hour === 14 ? 900 : 0);
}

export class WeblogDataSource extends DataSourceApi<WeblogQuery> {
  async query(request: DataQueryRequest<WeblogQuery>): Promise<DataQueryResponse> {
    const data = await Promise.all(request.targets.filter((t) => !t.hide).map((t) => this.frame(t)));
    return { data };
  }

  private async frame(t: WeblogQuery) {
    const shape = t.shape ?? 'lines';
    if (shape === 'counts' || shape === 'series') {
      const time: number[] = [];
      const country: string[] = [];
      const count: number[] = [];
      for (let h = 0; h < 24; h++) {
        COUNT_COUNTRIES.forEach((c, i) => {
          time.push(COUNT_START + h * 3_600_000);
          country.push(c);
          count.push(syntheticCount(i, h));
        });
      }
      if (shape === 'counts') {
        return createDataFrame({
          refId: t.refId,
          name: 'requests by country',
          fields: [
            { name: 'time', type: FieldType.time, values: time },
            { name: 'country', type: FieldType.string, values: country },
            { name: 'count', type: FieldType.number, values: count },
          ],
        });
      }
      // One frame per country is what Prometheus answers; here one wide frame with labelled fields.
      const hours = Array.from({ length: 24 }, (_, h) => COUNT_START + h * 3_600_000);
      return createDataFrame({
        refId: t.refId,
        fields: [
          { name: 'Time', type: FieldType.time, values: hours },
          ...COUNT_COUNTRIES.map((c, i) => ({
            name: 'Value',
            type: FieldType.number,
            labels: { country: c },
            values: hours.map((_, h) => syntheticCount(i, h)),
          })),
        ],
      });
    }
    const file = t.file ?? 'apache_logs/apache_logs';
    const base = t.hostile
      ? hostileLines(t.hostile)
      : (await fetchText(`/data/${file}`)).split('\n').filter((l) => l !== '');
    let lines: string[] = [];
    for (let r = 0; r < Math.max(1, t.repeat ?? 1); r++) {
      lines = lines.concat(base);
    }
    lines = lines.concat(t.lines ?? []);
    if (shape === 'lines') {
      return createDataFrame({
        refId: t.refId,
        name: file,
        fields: [{ name: 'Line', type: FieldType.string, values: lines }],
      });
    }
    const rows = lines.map(toRow).filter((r) => r !== null);
    return createDataFrame({
      refId: t.refId,
      name: file,
      fields: [
        { name: '@timestamp', type: FieldType.time, values: rows.map((r) => r.time) },
        { name: 'clientip', type: FieldType.string, values: rows.map((r) => r.ip) },
        { name: 'agent', type: FieldType.string, values: rows.map((r) => r.agent) },
        { name: 'response', type: FieldType.number, values: rows.map((r) => r.status) },
      ],
    });
  }

  async testDatasource() {
    return { status: 'success', message: 'Web-log shapes from the apache_logs sample.' };
  }
}
