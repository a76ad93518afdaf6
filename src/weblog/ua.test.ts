import { classifyUserAgent, UserAgentCache } from './ua';

describe('classifyUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36',
      { browser: 'Chrome', os: 'Mac OS', device: 'desktop', bot: false },
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 7_0 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) Version/7.0 Mobile/11A465 Safari/9537.53',
      { browser: 'Mobile Safari', os: 'iOS', device: 'tablet', bot: false },
    ],
    [
      'Mozilla/5.0 (Linux; Android 4.4.2; Nexus 5 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.99 Mobile Safari/537.36',
      { browser: 'Chrome', os: 'Android', device: 'mobile', bot: false },
    ],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { browser: 'Googlebot', bot: true }],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html', { browser: 'Googlebot', bot: true }],
    ['Mozilla/5.0 (compatible; YandexImages/3.0; +http://yandex.com/bots)', { browser: 'YandexImages', bot: true }],
    ['curl/7.64.1', { browser: 'curl', device: 'other', bot: true }],
    ['Mozilla/5.0 (Linux; Android 9; CUBOT_X19) AppleWebKit/537.36 Chrome/80.0 Mobile Safari/537.36', { bot: false }],
    ['', { browser: 'Other', os: 'Other', device: 'desktop', bot: false }],
    ['something odd', { browser: 'Other', os: 'Other', device: 'desktop', bot: false }],
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
});
