// User agent → browser family, device type and bot flag, cached per distinct string: a site's traffic has
// a few hundred to a few thousand distinct agents.
//
// User agents are written by strangers, so every step is linear in the agent's length: the bot patterns
// below have no quantifier that can retry (eslint-plugin-regexp checks every regex in src/), bot names
// are found by one forward scan, and browser and device come from one tokenizer pass and fixed rule
// tables (agent.ts).

import { browserFamily, deviceType, DeviceType, tokenize } from './agent';
import { detach } from './strings';

export type { DeviceType } from './agent';

export interface UserAgentInfo {
  /** Family as ua-parser-js 1.0.x names it ('Chrome', 'Mobile Safari' …; agent.ts), a bot's own name, else 'Other'. */
  browser: string;
  /** Phones, tablets, desktops; consoles, TVs, wearables, cars and bots are 'other'. */
  device: DeviceType;
  bot: boolean;
}

/** Longest user agent classified as it is (Apache's default request-header limit); longer ones are cut. */
export const MAX_AGENT_CHARS = 8192;

// Crawlers name themselves (…bot, …crawler, …spider, Slurp) or link their documentation (`+http://…`);
// HTTP libraries and headless browsers (HeadlessChrome, PhantomJS) are automated clients too.
const BOT =
  /bot(?=[/;)+ -]|$)|crawl|spider|slurp|\+https?:\/\/|facebookexternalhit|headless|phantomjs|^(?:curl|wget|python|go-http-client|java|libwww-perl|okhttp|apache-httpclient|scrapy|node-fetch|axios)\b/i;
const NAMED_BOT = /slurp|facebookexternalhit/i;
const COMPATIBLE = /\(compatible;\s*([\w.!-]+)/;
const PRODUCT = /^[\w.-]+/;

const UNKNOWN: UserAgentInfo = Object.freeze({ browser: 'Other', device: 'desktop', bot: false });

const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
/** `[\w.!-]`: the characters of a product name. */
const isNameChar = (c: number) =>
  isLetter(c) || (c >= 48 && c <= 57) || c === 95 /* _ */ || c === 46 /* . */ || c === 33 /* ! */ || c === 45; /* - */
/** What may follow `…bot` for it to end a name: `/ ; ) + space -` or the end. */
const endsName = (c: number) => Number.isNaN(c) || c === 47 || c === 59 || c === 41 || c === 43 || c === 32 || c === 45;

const KEYWORDS = ['bot', 'crawler', 'spider'];

/** Length of the bot keyword at `p` (lower-cased `s`) that ends a name there, else 0. */
function keywordAt(s: string, p: number): number {
  for (const k of KEYWORDS) {
    if (s.startsWith(k, p) && endsName(s.charCodeAt(p + k.length))) {
      return k.length;
    }
  }
  return 0;
}

/**
 * The leftmost `[A-Za-z][\w.!-]*?(?:bot|crawler|spider)` ending a name, found in one pass: a name starts
 * at the first letter of its run of name characters, so the scan only needs that letter and the first
 * keyword after it. (The regular expression itself retries from every start: quadratic on `aaaa…a crawl`.)
 */
function selfDeclaredName(ua: string): { start: number; end: number } | null {
  const s = ua.toLowerCase();
  let first = -1; // first letter of the current run of name characters
  for (let p = 0; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (!isNameChar(c)) {
      first = -1;
      continue;
    }
    if (first >= 0) {
      const k = keywordAt(s, p);
      if (k > 0) {
        return { start: first, end: p + k };
      }
    } else if (isLetter(c)) {
      first = p;
    }
  }
  return null;
}

function botName(ua: string): string {
  const own = selfDeclaredName(ua);
  const named = NAMED_BOT.exec(ua);
  let name: string | undefined;
  if (own && (!named || own.start <= named.index)) {
    name = ua.slice(own.start, own.end);
  } else {
    name = named?.[0] ?? COMPATIBLE.exec(ua)?.[1] ?? PRODUCT.exec(ua)?.[0];
  }
  return name && name !== 'Mozilla' ? detach(name) : 'Other bot';
}

/**
 * Classifies one user agent string (uncached). '' (no agent logged) is 'Other' on a desktop. The browser
 * name is a copy, never a slice that would keep the whole log line alive.
 */
export function classifyUserAgent(ua: string): UserAgentInfo {
  if (ua === '') {
    return UNKNOWN;
  }
  if (BOT.test(ua)) {
    return { browser: botName(ua), device: 'other', bot: true };
  }
  const tokens = tokenize(ua);
  return { browser: browserFamily(tokens), device: deviceType(tokens), bot: false };
}

/** Agents longer than this are classified every time rather than cached (real ones are a few hundred). */
const CACHED_AGENT_CHARS = 1024;

/**
 * Memoised {@link classifyUserAgent}. Bounded: when `maxEntries` distinct agents have been seen the cache
 * starts over, and long agents are not kept, which holds memory flat on hostile input at the cost of
 * re-parsing.
 */
export class UserAgentCache {
  private readonly cache = new Map<string, UserAgentInfo>();

  constructor(private readonly maxEntries = 10_000) {}

  get(ua: string): UserAgentInfo {
    let info = this.cache.get(ua);
    if (info === undefined) {
      info = classifyUserAgent(ua);
      if (ua.length <= CACHED_AGENT_CHARS) {
        if (this.cache.size >= this.maxEntries) {
          this.cache.clear();
        }
        this.cache.set(detach(ua), info);
      }
    }
    return info;
  }
}
