import fc from 'fast-check';

import { newLogRecord, parseLine, parseLogLine, splitRequest, LogRecord } from './parse';
import { parseApacheTime } from './time';
import { readFixture } from '../../tests/fixture-data';
import { growth, HOSTILE_PIECES, LINEAR_GROWTH_LIMIT, repeatTo } from '../../tests/linear';

function ok(line: string): LogRecord {
  const r = parseLine(line);
  if (typeof r === 'string') {
    throw new Error(`rejected (${r}): ${line}`);
  }
  return r;
}

describe('parseLogLine', () => {
  it('accounts for all 10,000 lines of the apache_logs sample; the cut-short Googlebot agent is kept', () => {
    const lines = readFixture('apache_logs/apache_logs').split('\n');
    expect(lines.pop()).toBe(''); // the file ends with a newline
    const rec = newLogRecord();
    const rejected: string[] = [];
    const truncated: number[] = [];
    lines.forEach((line, i) => {
      const failure = parseLogLine(line, rec);
      if (failure) {
        rejected.push(`${i + 1}: ${failure}`);
      } else if (rec.truncated) {
        truncated.push(i + 1);
        expect(rec.userAgent).toBe('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html');
        expect(rec.status).toBe(200);
      }
    });
    expect(lines).toHaveLength(10000);
    expect(rejected).toEqual([]);
    expect(truncated).toEqual([8899]);
  });

  it('reads every field of a combined line', () => {
    const r = ok(
      '83.149.9.216 - frank [17/May/2015:10:05:03 +0000] "GET /a.png HTTP/1.1" 200 203023 "http://x/" "Mozilla/5.0 (X11)"'
    );
    expect(r).toEqual({
      host: '83.149.9.216',
      ident: '',
      user: 'frank',
      time: Date.UTC(2015, 4, 17, 10, 5, 3),
      request: 'GET /a.png HTTP/1.1',
      status: 200,
      bytes: 203023,
      referer: 'http://x/',
      userAgent: 'Mozilla/5.0 (X11)',
      format: 'combined',
      truncated: false,
    });
    expect(splitRequest(r.request)).toEqual({ method: 'GET', path: '/a.png', protocol: 'HTTP/1.1' });
  });

  it('reads common lines, IPv6 clients, "-" fields and any UTC offset', () => {
    const r = ok('2001:db8::1 - - [01/Jan/2020:00:30:00 +0530] "-" 408 -');
    expect(r).toMatchObject({ host: '2001:db8::1', request: '', status: 408, bytes: -1, format: 'common' });
    expect(r.time).toBe(Date.UTC(2019, 11, 31, 19, 0, 0));
    expect(ok('h - - [29/Feb/2016:23:59:59 -0700] "GET / HTTP/1.0" 200 1\r').time).toBe(
      Date.UTC(2016, 2, 1, 6, 59, 59)
    );
  });

  it('unescapes \\" and \\\\ and survives unescaped quotes', () => {
    const r = ok(
      '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /q=\\"x\\" HTTP/1.1" 200 5 "-" "Agent \\"quoted\\" \\\\ end"'
    );
    expect(r.request).toBe('GET /q="x" HTTP/1.1');
    expect(r.userAgent).toBe('Agent "quoted" \\ end');
    // Servers that do not escape: the quote that ends a field is the first one followed by what the format
    // expects next. For the agent that is a space or the end, since extra fields may follow it.
    const u = ok('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /"odd" HTTP/1.1" 404 5 "a "b" c" "Agent "x"y" 42');
    expect([u.request, u.referer, u.userAgent]).toEqual(['GET /"odd" HTTP/1.1', 'a "b" c', 'Agent "x"y']);
  });

  it('says which part of a bad line failed', () => {
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      ['   \r', 'empty'],
      ['just-one-token', 'host'],
      ['1.2.3.4 - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5', 'ident'],
      ['1.2.3.4 - - [17/Mai/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5', 'time'],
      ['1.2.3.4 - - [31/Apr/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5', 'time'],
      ['1.2.3.4 - - [17/May/2015:10:05:03] "GET / HTTP/1.1" 200 5', 'time'],
      ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] GET / HTTP/1.1 200 5', 'request'],
      ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1', 'request'],
      ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 2000 5', 'status'],
      ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5x', 'bytes'],
      ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 extra', 'format'],
      ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "http://cut', 'referer'],
    ];
    for (const [line, why] of cases) {
      expect([line, parseLine(line)]).toEqual([line, why]);
    }
  });

  it('never throws, on arbitrary strings and on damaged real lines', () => {
    const line = '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /x HTTP/1.1" 200 2 "-" "Mozilla/5.0 \\"x\\""';
    const damaged = fc
      .tuple(fc.nat(line.length), fc.nat(line.length), fc.string({ maxLength: 5 }))
      .map(([a, b, ins]) => line.slice(0, Math.min(a, b)) + ins + line.slice(Math.max(a, b)));
    const rec = newLogRecord();
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), damaged), (s) => {
        const r = parseLogLine(s, rec);
        return r === null || typeof r === 'string';
      }),
      { numRuns: 20000 }
    );
  });
});

describe('parseApacheTime', () => {
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');

  it('agrees with Date.UTC for any valid date and offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (d, offMin) => {
          const local = new Date(d.getTime() - (d.getTime() % 1000) + offMin * 60_000);
          const a = Math.abs(offMin);
          const s =
            `${pad(local.getUTCDate())}/${MONTHS[local.getUTCMonth()]}/${pad(local.getUTCFullYear(), 4)}:` +
            `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ` +
            `${offMin < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
          return parseApacheTime(s, 0) === d.getTime() - (d.getTime() % 1000);
        }
      ),
      { numRuns: 5000 }
    );
  });
});

describe('parseLogLine on hostile lines', () => {
  const record = newLogRecord();
  const head = '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /';

  it('takes CPU time linear in the line length, whatever is repeated in any field', () => {
    const pieces = fc.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
    const field = fc.constantFrom<(x: string) => string>(
      (x) => `${head}${x} HTTP/1.1" 200 1 "-" "Mozilla/5.0"`, // the request
      (x) => `${head} HTTP/1.1" 200 1 "${x}" "Mozilla/5.0"`, // the referer
      (x) => `${head} HTTP/1.1" 200 1 "-" "${x}"`, // the user agent
      (x) => `${head} HTTP/1.1" 200 1 "-" "${x}`, // an agent cut short
      (x) => `${x}${head}` // garbage before it all
    );
    fc.assert(
      fc.property(pieces, field, (unit, line) => {
        const g = growth(
          (n) => line(repeatTo(unit, n)),
          (l) => parseLogLine(l, record),
          2048
        );
        expect(g).toBeLessThan(LINEAR_GROWTH_LIMIT);
      }),
      { numRuns: 30 }
    );
  });
});
