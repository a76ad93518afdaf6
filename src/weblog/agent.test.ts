import fc from 'fast-check';

import { growth, HOSTILE_PIECES, LINEAR_GROWTH_LIMIT, repeatTo, UA_PARSER_POLYNOMIAL } from '../../tests/linear';
import { BROWSER_FAMILIES, browserFamily, deviceType, tokenize } from './agent';
import { classifyUserAgent } from './ua';

const classify = (ua: string) => {
  const t = tokenize(ua);
  return [browserFamily(t), deviceType(t)];
};

describe('tokenize', () => {
  it('reads products, top-level words, comment items and the first item of each comment', () => {
    const t = tokenize(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 7_0 like Mac OS X) Version/7.0 Mobile/11A465 Safari/9537.53 rekonq'
    );
    expect([...t.products.keys()]).toEqual(['mozilla', 'version', 'mobile', 'safari']);
    expect(t.products.get('mobile')).toMatchObject({ version: '11a465' });
    expect([...t.words]).toEqual(['rekonq']);
    expect(t.items).toEqual(['iphone', 'cpu iphone os 7_0 like mac os x']);
    expect(t.leads).toEqual(['iphone']);
    expect(t.last).toBe('');
  });

  it('reads nested comments, and products inside them', () => {
    const t = tokenize('Digg (Mozilla/5.0 (Macintosh; Intel) AppleWebKit/534 (KHTML) Version/5.1 Safari/534)');
    expect([...t.products.keys()]).toEqual(['mozilla', 'applewebkit', 'version', 'safari']);
    expect(t.items).toEqual([
      'mozilla/5.0',
      'macintosh',
      'intel',
      'applewebkit/534',
      'khtml',
      'version/5.1 safari/534',
    ]);
    expect(t.leads).toEqual(['mozilla/5.0', 'macintosh', 'khtml']);
  });

  it('runs an unclosed comment to the end and lets a stray ")" end a word', () => {
    expect(tokenize('A/1 (x; y').items).toEqual(['x', 'y']);
    const t = tokenize('A/1) B/2 ))) C');
    expect([...t.products.keys()]).toEqual(['a', 'b']);
    expect([...t.words]).toEqual(['c']);
  });

  it('keeps at most 64 characters of a name, an item or a version', () => {
    const long = 'x'.repeat(5000);
    const t = tokenize(`${long}/${long} (${long})`);
    expect([...t.products.keys()]).toEqual(['x'.repeat(64)]);
    expect(t.products.get('x'.repeat(64))!.version).toHaveLength(64);
    expect(t.items[0]).toHaveLength(64);
  });
});

describe('browserFamily and deviceType', () => {
  // Real agents; the families and devices are what these browsers are (and the names ua-parser-js 1.0.x
  // gives them: eval/ua-agreement.test.ts checks that on the whole log and on tests/fixtures/user-agents).
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
      'Edge',
      'desktop',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0',
      'Opera',
      'desktop',
    ],
    ['Opera/9.80 (X11; Linux x86_64) Presto/2.12.388 Version/12.16', 'Opera', 'desktop'],
    ['Opera/9.80 (iPhone; Opera Mini/7.0.3/34.1244; U; de) Presto/2.8.119 Version/11.10', 'Opera Mini', 'mobile'],
    [
      'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
      'Samsung Internet',
      'mobile',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 YaBrowser/23.11.0.0 Safari/537.36',
      'Yandex',
      'desktop',
    ],
    [
      'Mozilla/5.0 (Linux; U; Android 8.1.0; en-US; Redmi 5A Build/OPM1.171019.026) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.108 UCBrowser/13.4.0.1306 Mobile Safari/537.36',
      'UCBrowser',
      'mobile',
    ],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox', 'desktop'],
    ['Mozilla/5.0 (Android 13; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0', 'Firefox', 'tablet'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15',
      'Firefox',
      'mobile',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 7_0 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) CriOS/32.0.1700.21 Mobile/11A465 Safari/9537.53',
      'Chrome',
      'tablet',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36',
      'Chrome WebView',
      'mobile',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      'Chrome',
      'tablet',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
      'Safari',
      'desktop',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
      'Mobile Safari',
      'mobile',
    ],
    ['Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko', 'IE', 'desktop'],
    ['Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)', 'IE', 'desktop'],
    [
      'Mozilla/5.0 (Linux; U; Android 4.1.2; it-it; GT-P3100 Build/JZO54K) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30',
      'Android Browser',
      'tablet',
    ],
    [
      'Mozilla/5.0 (Linux; U; Android 2.3.5; en-gb; HTC_WildfireS_A510e Build/GRJ90) AppleWebKit/533.1 (KHTML, like Gecko) Version/4.0 Mobile Safari/533.1',
      'Android Browser',
      'mobile',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBSN/iOS]',
      'Facebook',
      'mobile',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 312.0.1.19.124 (iPhone14,5; iOS 16_6)',
      'Instagram',
      'mobile',
    ],
    [
      'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/2.2 Chrome/63.0.3239.84 TV Safari/537.36',
      'Samsung Internet',
      'other',
    ],
    ['Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)', 'WebKit', 'other'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0 SeaMonkey/2.23', 'SeaMonkey', 'desktop'],
    ['Lynx/2.8.7rel.2 libwww-FM/2.14 SSL-MM/1.4.1 OpenSSL/1.0.1f', 'Lynx', 'desktop'],
    ['Tiny Tiny RSS/1.11 (http://tt-rss.org/)', 'Other', 'desktop'],
  ])('%s', (ua, family, device) => {
    expect(classify(ua)).toEqual([family, device]);
  });
});

describe('classifyUserAgent on strangers’ input', () => {
  const hostile = (maxLength: number) =>
    fc
      .array(
        fc.constantFrom(...HOSTILE_PIECES, 'Chrome/', 'Safari/', 'Version/', 'Mobile', 'Android', 'iPhone', 'wv'),
        {
          minLength: 1,
          maxLength,
        }
      )
      .map((a) => a.join(''));

  it('never throws; a browser is a family of the fixed table or Other, on a known device type', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), hostile(40)),
        (ua) => {
          const info = classifyUserAgent(ua);
          expect(['desktop', 'mobile', 'tablet', 'other']).toContain(info.device);
          if (!info.bot) {
            expect(BROWSER_FAMILIES.has(info.browser)).toBe(true);
          }
          expect(info.browser.length).toBeGreaterThan(0);
        }
      ),
      { numRuns: 3000 }
    );
  });

  it.each(Object.keys(UA_PARSER_POLYNOMIAL))(
    'takes CPU time linear in the length of the agent that is polynomial for ua-parser-js (%s)',
    (name) => {
      const make = (n: number) => UA_PARSER_POLYNOMIAL[name](n);
      expect(growth(make, classifyUserAgent, 512)).toBeLessThan(LINEAR_GROWTH_LIMIT);
    }
  );

  it('takes CPU time linear in the agent length, on any repeated hostile pattern', () => {
    fc.assert(
      fc.property(hostile(6), (unit) => {
        expect(growth((n) => repeatTo(unit, n), classifyUserAgent, 512)).toBeLessThan(LINEAR_GROWTH_LIMIT);
      }),
      { numRuns: 25 }
    );
  });
});
