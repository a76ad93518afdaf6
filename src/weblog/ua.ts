// User agent → browser family, OS, device type and bot flag, via ua-parser-js 1.0.x (MIT; 2.x is AGPL,
// so it must not be upgraded past 1.x), cached per distinct string: a site's traffic has a few hundred
// to a few thousand distinct agents, and the parser costs tens of µs per call.

import { UAParser } from 'ua-parser-js';

export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'other';

export interface UserAgentInfo {
  /** ua-parser-js browser name ('Chrome', 'Mobile Safari' …), the bot's name for bots, else 'Other'. */
  browser: string;
  /** ua-parser-js OS name ('Windows', 'iOS' …), else 'Other'. */
  os: string;
  /** ua-parser-js says nothing for desktops; consoles, TVs, wearables, embedded devices and bots are 'other'. */
  device: DeviceType;
  bot: boolean;
}

// ua-parser-js 1.x has no bot detection. Crawlers name themselves (…bot, …crawler, …spider, Slurp) or
// link their documentation (`+http://…`); HTTP libraries and headless browsers are automated clients too.
const BOT =
  /bot(?=[/;)+ -]|$)|crawl|spider|slurp|\+https?:\/\/|facebookexternalhit|headless|phantomjs|^(?:curl|wget|python|go-http-client|java|libwww-perl|okhttp|apache-httpclient|scrapy|node-fetch|axios)\b/i;
const BOT_NAME = /[A-Za-z][\w.!-]*?(?:bot|crawler|spider)(?=[/;)+ -]|$)|slurp|facebookexternalhit/i;
const COMPATIBLE = /\(compatible;\s*([\w.!-]+)/;
const PRODUCT = /^[\w.-]+/;

const UNKNOWN: UserAgentInfo = Object.freeze({ browser: 'Other', os: 'Other', device: 'desktop', bot: false });

function botName(ua: string): string {
  const name = BOT_NAME.exec(ua)?.[0] ?? COMPATIBLE.exec(ua)?.[1] ?? PRODUCT.exec(ua)?.[0];
  return name && name !== 'Mozilla' ? name : 'Other bot';
}

/** Classifies one user agent string (uncached). '' (no agent logged) is 'Other' on a desktop. */
export function classifyUserAgent(ua: string): UserAgentInfo {
  // Guard: given '', ua-parser-js would read the *viewer's* navigator.userAgent in a browser.
  if (ua === '') {
    return UNKNOWN;
  }
  const p = new UAParser(ua);
  const os = p.getOS().name ?? 'Other';
  if (BOT.test(ua)) {
    return { browser: botName(ua), os, device: 'other', bot: true };
  }
  const type = p.getDevice().type;
  const device: DeviceType = type === undefined ? 'desktop' : type === 'mobile' || type === 'tablet' ? type : 'other';
  return { browser: p.getBrowser().name ?? 'Other', os, device, bot: false };
}

/**
 * Memoised {@link classifyUserAgent}. Bounded: when `maxEntries` distinct agents have been seen the cache
 * starts over, which keeps memory flat on hostile input at the cost of re-parsing.
 */
export class UserAgentCache {
  private readonly cache = new Map<string, UserAgentInfo>();

  constructor(private readonly maxEntries = 10_000) {}

  get(ua: string): UserAgentInfo {
    let info = this.cache.get(ua);
    if (info === undefined) {
      info = classifyUserAgent(ua);
      if (this.cache.size >= this.maxEntries) {
        this.cache.clear();
      }
      this.cache.set(ua, info);
    }
    return info;
  }
}
