// countryCode: the keys per-country series carry (ISO alpha-2, alpha-3, numeric, English names as MaxMind's
// GeoLite2 and Alloy's geoip stage write them) → alpha-2, or unknown.
import fc from 'fast-check';
import { readFileSync } from 'fs';
import * as path from 'path';

import { COUNTRY_NAMES, countryCode, NUMERIC_TO_ALPHA2 } from './countries';

// MaxMind GeoLite2's English country names (tests/fixtures/geo/README.md): the names Alloy writes.
const MAXMIND: Array<[string, string]> = readFileSync(
  path.resolve(__dirname, '..', '..', 'tests', 'fixtures', 'geo', 'geolite2-country-names-en.tsv'),
  'utf8'
)
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t') as [string, string]);

const CODES = Object.keys(COUNTRY_NAMES);

describe('countryCode', () => {
  it("reads every MaxMind GeoLite2 English name as MaxMind's code", () => {
    expect(MAXMIND).toHaveLength(250);
    const wrong = MAXMIND.filter(([code, name]) => countryCode(name) !== code);
    expect(wrong).toEqual([]);
  });

  it('reads alpha-2 in any case, alpha-3, and numeric with or without leading zeros', () => {
    expect(CODES.filter((c) => countryCode(c) !== c || countryCode(c.toLowerCase()) !== c)).toEqual([]);
    for (const [numeric, code] of Object.entries(NUMERIC_TO_ALPHA2)) {
      expect(countryCode(numeric)).toBe(code);
      expect(countryCode(String(Number(numeric)))).toBe(code);
    }
    const alpha3: Array<[string, string]> = [
      ['FRA', 'FR'],
      ['usa', 'US'],
      ['GBR', 'GB'],
      ['DEU', 'DE'],
      ['CHN', 'CN'],
      ['BRA', 'BR'],
      ['ZAF', 'ZA'],
      ['XKX', 'XK'],
    ];
    for (const [key, code] of alpha3) {
      expect(countryCode(key)).toBe(code);
    }
    expect(countryCode('250')).toBe('FR');
    expect(countryCode('36')).toBe('AU');
    expect(countryCode('840')).toBe('US');
  });

  it('reads ISO names, official names and common variants', () => {
    const names: Array<[string, string]> = [
      ['United States of America', 'US'],
      ['U.S.A.', 'US'],
      ['UK', 'GB'],
      ['United Kingdom of Great Britain and Northern Ireland', 'GB'],
      ['Great Britain', 'GB'],
      ['Russian Federation', 'RU'],
      ['Korea, Republic of', 'KR'],
      ["Korea, Democratic People's Republic of", 'KP'],
      ['Congo, The Democratic Republic of the', 'CD'],
      ['Democratic Republic of the Congo', 'CD'],
      ['Congo', 'CG'],
      ['Republic of the Congo', 'CG'],
      ["Côte d'Ivoire", 'CI'],
      ['Cote d’Ivoire', 'CI'],
      ['Türkiye', 'TR'],
      ['Czech Republic', 'CZ'],
      ['Macedonia', 'MK'],
      ['Swaziland', 'SZ'],
      ['Cape Verde', 'CV'],
      ['East Timor', 'TL'],
      ['Viet Nam', 'VN'],
      ['Holy See (Vatican City State)', 'VA'],
      ['Saint Kitts & Nevis', 'KN'],
      ['St. Vincent and the Grenadines', 'VC'],
      ['Bonaire, Sint Eustatius and Saba', 'BQ'],
      ['Åland', 'AX'],
      ['the Netherlands', 'NL'],
      ['Republic of Lithuania', 'LT'],
      ['Hashemite Kingdom of Jordan', 'JO'],
      ['Myanmar [Burma]', 'MM'],
      ['  france  ', 'FR'],
    ];
    expect(names.filter(([key, code]) => countryCode(key) !== code)).toEqual([]);
  });

  it('names no country for unknown, empty or ambiguous keys', () => {
    for (const key of ['', ' ', '-', 'ZZ', 'ZZZ', '999', '0', '1234', 'Atlantis', 'Korea', 'Virgin Islands', 'EU']) {
      expect(countryCode(key)).toBeUndefined();
    }
  });

  it('is case-, accent-, punctuation- and space-blind on names (property)', () => {
    const spellings = MAXMIND.map(([code, name]) => ({ code, name }));
    fc.assert(
      fc.property(
        fc.constantFrom(...spellings),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        fc.constantFrom(' ', '  ', '\t', ' - ', ', '),
        ({ code, name }, upper, gap) => {
          const cased = Array.from(name, (ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase()));
          const spaced = cased.join('').split(' ').join(gap);
          return countryCode(spaced) === code && countryCode(` ${spaced.normalize('NFD')} `) === code;
        }
      )
    );
  });

  it('returns a known code or nothing for any string, deterministically (property)', () => {
    const known = new Set(CODES);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.string({ unit: fc.constantFrom('a', 'B', ' ', '.', '0', 'é') })
        ),
        (key) => {
          const code = countryCode(key);
          return (code === undefined || known.has(code)) && countryCode(key) === code;
        }
      )
    );
  });

  it('takes time linear in the key, and none beyond the longest name', () => {
    const time = (key: string, reps: number) => {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) {
        countryCode(key);
      }
      return performance.now() - t0;
    };
    // a hostile label value: a megabyte of separators and accents is refused by its length at once
    expect(countryCode('é-'.repeat(500_000))).toBeUndefined();
    expect(time('é-'.repeat(500_000), 1000)).toBeLessThan(200);
    // keys up to the bound: 10× the length costs about 10× (not 100×), with room for a noisy machine
    const short = time('a.'.repeat(5), 20_000);
    const long = time('a.'.repeat(50), 20_000);
    expect(long / short).toBeLessThan(30);
  });
});
