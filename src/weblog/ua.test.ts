import fc from 'fast-check';

import { growth, HOSTILE_PIECES, LINEAR_GROWTH_LIMIT, repeatTo } from '../../tests/linear';
import { classifyUserAgent, UserAgentCache } from './ua';

describe('classifyUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36',
      { browser: 'Chrome', device: 'desktop', bot: false },
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 7_0 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) Version/7.0 Mobile/11A465 Safari/9537.53',
      { browser: 'Mobile Safari', device: 'tablet', bot: false },
    ],
    [
      'Mozilla/5.0 (Linux; Android 4.4.2; Nexus 5 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.99 Mobile Safari/537.36',
      { browser: 'Chrome', device: 'mobile', bot: false },
    ],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { browser: 'Googlebot', bot: true }],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html', { browser: 'Googlebot', bot: true }],
    ['Mozilla/5.0 (compatible; YandexImages/3.0; +http://yandex.com/bots)', { browser: 'YandexImages', bot: true }],
    ['curl/7.64.1', { browser: 'curl', device: 'other', bot: true }],
    ['Mozilla/5.0 (Linux; Android 9; CUBOT_X19) AppleWebKit/537.36 Chrome/80.0 Mobile Safari/537.36', { bot: false }],
    ['', { browser: 'Other', device: 'desktop', bot: false }],
    ['something odd', { browser: 'Other', device: 'desktop', bot: false }],
    ['Mozilla/5.0 (compatible; x123bot/1.0)', { browser: 'x123bot', bot: true }],
    ['Slurp/3.0 (+http://help.yahoo.com)', { browser: 'Slurp', bot: true }],
    ['foo 1bot-bot/2', { browser: 'bot-bot', bot: true }],
  ])('%s', (ua, expected) => {
    expect(classifyUserAgent(ua)).toMatchObject(expected);
  });

  it('caches per distinct agent, within a bound', () => {
    const cache = new UserAgentCache(2);
    const a = cache.get('Twitterbot/1.0');
    expect(cache.get('Twitterbot/1.0')).toBe(a);
    cache.get('b');
    cache.get('c'); // full: starts over
    expect(cache.get('Twitterbot/1.0')).not.toBe(a);
    expect(cache.get('Twitterbot/1.0')).toEqual(a);
  });

  // The expression bot names were read with until 0.1.0: right, but quadratic (it retries from every
  // start position), so it serves here as the reference on short agents only.
  // eslint-disable-next-line regexp/no-super-linear-move
  const QUADRATIC_BOT_NAME = /[A-Za-z][\w.!-]*?(?:bot|crawler|spider)(?=[/;)+ -]|$)|slurp|facebookexternalhit/i;
  const referenceName = (ua: string) => {
    const name =
      QUADRATIC_BOT_NAME.exec(ua)?.[0] ?? /\(compatible;\s*([\w.!-]+)/.exec(ua)?.[1] ?? /^[\w.-]+/.exec(ua)?.[0];
    return name && name !== 'Mozilla' ? name : 'Other bot';
  };
  const hostile = (maxLength: number) =>
    fc.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength }).map((a) => a.join(''));

  it('names bots as the reference expression does, in one linear scan', () => {
    fc.assert(
      fc.property(hostile(12), (ua) => {
        const info = classifyUserAgent(ua);
        if (info.bot) {
          expect(info.browser).toBe(referenceName(ua));
        }
      }),
      { numRuns: 2000 }
    );
  });

  it('takes CPU time linear in the agent length, on any repeated hostile pattern', () => {
    fc.assert(
      fc.property(hostile(6), (unit) => {
        const g = growth((n) => repeatTo(unit, n) + ' crawl', classifyUserAgent, 2048);
        expect(g).toBeLessThan(LINEAR_GROWTH_LIMIT);
      }),
      { numRuns: 25 }
    );
  });

  it('classifies the agent that was quadratic (8 KB of "a" before " crawl") in linear time', () => {
    const make = (n: number) => 'a'.repeat(n) + ' crawl';
    expect(growth(make, classifyUserAgent, 512)).toBeLessThan(LINEAR_GROWTH_LIMIT);
    // The yardstick can fail: the reference expression grows quadratically on the same input.
    expect(growth(make, referenceName, 512)).toBeGreaterThan(LINEAR_GROWTH_LIMIT);
    expect(classifyUserAgent(make(8192))).toMatchObject({ bot: true, browser: 'a'.repeat(8192) });
  });
});
