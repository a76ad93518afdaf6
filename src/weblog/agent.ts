// Browser family and device type of a (non-bot) user agent: one forward tokenizer, then fixed ordered rule
// tables over the tokens. It replaces ua-parser-js 1.0.x, whose regular expressions are run over the whole
// agent and ~14 of which backtrack polynomially (eslint-plugin-regexp's no-super-linear-backtracking): a
// crafted 500-character agent cost it ~0.1 s. The names and the rule order are ua-parser-js 1.0.41's for the
// browsers we recognise, so categories, specs and saved dashboards keep their names (`npm run eval:ua`
// measures the agreement); a name ua-parser-js takes from the agent's own spelling ('chrome', 'MAXTHON') is
// written one way here.
//
// Linear by construction: the tokenizer reads each character once and keeps at most TOKEN_CHARS of a name
// or item, the rule tables are fixed, and each rule is a Map/Set lookup, a scan of the items with a fixed
// prefix, or a search for a fixed phrase in the agent (linear in its length). No regular expression.

export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'other';

/** Longest product name or comment item kept for the rules (real ones are under 40 characters). */
const TOKEN_CHARS = 64;

interface Product {
  version: string;
  /** Position among the agent's tokens: some rules need one product after another. */
  at: number;
}

/** A user agent split into what the rules read; every string lower-cased. */
export interface AgentTokens {
  /** The whole agent, for the few rules that read a phrase across tokens ('opera mini/', 'like gecko'). */
  text: string;
  /** `name/version` tokens, at the top level and as comment items (`Trident/7.0`); the first of a name wins. */
  products: Map<string, Product>;
  /** Top-level tokens without a version (`mobile`, `iron`, `opera`). */
  words: Set<string>;
  /** Comment items: the text between `(`, `;` and `)`, trimmed (`msie 9.0`, `android 4.4.2`, `wv`). */
  items: string[];
  /** The first item of each comment (`iphone`, `ipad`, `linux`). */
  leads: string[];
  /** The last top-level token's product name, '' when it has no version. */
  last: string;
}

const SPACE = 32;
const TAB = 9;
const OPEN = 40; // (
const CLOSE = 41; // )
const SEMICOLON = 59;

/**
 * Splits an agent in one pass. Words are separated by spaces, tabs and parentheses (and `;` inside them); a
 * word with a `/` is a product wherever it stands. Inside parentheses (nested or not) the text between
 * `(`, `;` and `)` is also kept whole as an item. An unclosed `(` runs to the end; a stray `)` only ends a
 * word.
 */
export function tokenize(agent: string): AgentTokens {
  const text = agent.toLowerCase();
  const t: AgentTokens = { text, products: new Map(), words: new Set(), items: [], leads: [], last: '' };
  let depth = 0;
  let wordStart = 0;
  let itemStart = 0;
  let lead = true;
  let at = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : -1;
    const endsItem = depth > 0 && (c === SEMICOLON || c === OPEN || c === CLOSE || c === -1);
    if (!endsItem && c !== SPACE && c !== TAB && c !== OPEN && c !== CLOSE && c !== -1) {
      continue;
    }
    if (i > wordStart) {
      const word = text.slice(wordStart, i);
      const slash = word.indexOf('/');
      const name = slash < 0 ? '' : addProduct(t, word, slash, at++);
      if (depth === 0) {
        t.last = name;
        if (slash < 0) {
          t.words.add(word.slice(0, TOKEN_CHARS));
        }
      }
    }
    wordStart = i + 1;
    if (endsItem) {
      const item = text.slice(itemStart, i).trim();
      if (item !== '') {
        const kept = item.slice(0, TOKEN_CHARS);
        t.items.push(kept);
        if (lead) {
          t.leads.push(kept);
          lead = false;
        }
      }
    }
    if (c === OPEN) {
      depth++;
      lead = true;
    } else if (c === CLOSE && depth > 0) {
      depth--;
    }
    if (c === OPEN || c === CLOSE || endsItem) {
      itemStart = i + 1;
    }
  }
  return t;
}

function addProduct(t: AgentTokens, word: string, slash: number, at: number): string {
  const name = word.slice(0, Math.min(slash, TOKEN_CHARS));
  if (!t.products.has(name)) {
    t.products.set(name, { version: word.slice(slash + 1, slash + 1 + TOKEN_CHARS), at });
  }
  return name;
}

type Rule = (t: AgentTokens) => boolean;

const product =
  (...names: string[]): Rule =>
  (t) =>
    names.some((n) => t.products.has(n));
const word =
  (...words: string[]): Rule =>
  (t) =>
    words.some((w) => t.words.has(w));
const item =
  (...prefixes: string[]): Rule =>
  (t) =>
    t.items.some((s) => prefixes.some((p) => s.startsWith(p)));
const lead =
  (...prefixes: string[]): Rule =>
  (t) =>
    t.leads.some((s) => prefixes.some((p) => s.startsWith(p)));
const phrase =
  (...phrases: string[]): Rule =>
  (t) =>
    phrases.some((p) => t.text.includes(p));
const all =
  (...rules: Rule[]): Rule =>
  (t) =>
    rules.every((r) => r(t));
const any =
  (...rules: Rule[]): Rule =>
  (t) =>
    rules.some((r) => r(t));
/** Product `b` comes after product `a`. */
const after =
  (a: string, b: string): Rule =>
  (t) => {
    const pa = t.products.get(a);
    const pb = t.products.get(b);
    return pa !== undefined && pb !== undefined && pb.at > pa.at;
  };
/** Some product's name passes `test` (`AppleWebKit/…` ends with 'webkit'). */
const someProduct =
  (test: (name: string) => boolean): Rule =>
  (t) => {
    for (const name of t.products.keys()) {
      if (test(name)) {
        return true;
      }
    }
    return false;
  };
/** The version of product `name` starts with a digit (`Gecko/20100101`, not `Gecko/firefox`). */
const numericVersion =
  (name: string): Rule =>
  (t) => {
    const c = t.products.get(name)?.version.charCodeAt(0) ?? NaN;
    return c >= 48 && c <= 57;
  };
/** The agent ends with product `name` (SeaMonkey & co. are only recognised there, as ua-parser-js does). */
const lastProduct =
  (...names: string[]): Rule =>
  (t) =>
    names.includes(t.last);

const mobileSafari = phrase('mobile safari', 'mobilesafari');
const webkit = someProduct((name) => name.endsWith('webkit'));

/**
 * Browser families in ua-parser-js 1.0.41's order (its first matching expression wins, so does ours); each
 * comment names the expression it stands for where that is not obvious.
 */
const BROWSERS: ReadonlyArray<readonly [string, Rule]> = [
  ['Chrome', product('crios', 'crmo')],
  ['Edge', product('edge', 'edg', 'edga', 'edgios')],
  ['Opera Mini', phrase('opera mini/')],
  ['Opera Mobi', all(phrase('opera mobi'), product('version'))], // (opera [mobiletab]{3,6})\b.+version\/
  ['Opera Tablet', all(phrase('opera tablet'), product('version'))],
  ['Opera', any(product('opera'), word('opera'))],
  ['Opera Mini', product('opios')],
  ['Opera GX', product('opx', 'oprgx')],
  ['Opera', product('opr')],
  ['Baidu', product('baidubrowser', 'bidubrowser', 'baiduhd')],
  ['Maxthon', any(product('mxbrowser', 'mxios', 'myie2', 'maxthon'), item('maxthon'))],
  ['Kindle', product('kindle')],
  ['Lunascape', product('lunascape')],
  ['NetFront', any(product('netfront'), item('netfront'))],
  ['Sleipnir', product('sleipnir')],
  ['Avant', item('avant browser')],
  ['IEMobile', any(product('iemobile'), item('iemobile'))],
  ['Slimjet', product('slimjet')],
  ['IE', item('msie ')], // (?:ms|\()(ie) ([\w\.]+)
  ['Flock', product('flock')],
  ['RockMelt', product('rockmelt')],
  ['Midori', product('midori')],
  ['Epiphany', product('epiphany')],
  ['Silk', product('silk')],
  ['Skyfire', product('skyfire')],
  ['Iron', product('iron')],
  ['Vivaldi', product('vivaldi')],
  ['Iridium', product('iridium')],
  ['QupZilla', product('qupzilla')],
  ['Falkon', product('falkon')],
  ['rekonq', any(product('rekonq'), word('rekonq'))],
  ['Puffin', product('puffin')],
  ['Brave', product('brave')],
  ['Whale', all(product('whale'), (t) => !t.text.includes('naver'))],
  ['DuckDuckGo', product('duckduckgo', 'ddg')],
  ['Klar', product('klar')],
  ['Quark', product('quark', 'quarkpc')],
  ['UCBrowser', any(product('ucbrowser', 'ubrowser'), phrase('uc browser'), all(phrase('juc'), phrase('ucweb')))],
  ['WeChat', product('micromessenger')],
  ['Konqueror', product('konqueror')],
  ['IE', all(product('trident'), item('rv:', 'rv '), phrase('like gecko'))], // IE 11
  ['Yandex', product('yabrowser', 'yasearchbrowser')],
  ['Smart Lenovo Browser', product('slbrowser')],
  ['Avast Secure Browser', product('avast')],
  ['AVG Secure Browser', product('avg')],
  ['Firefox Focus', product('focus')],
  ['Opera Touch', product('opt')],
  ['Dolphin', product('dolfin')],
  ['Opera Coast', product('coast')],
  ['MIUI Browser', phrase('miuibrowser/')],
  ['Firefox', product('fxios')],
  ['360', product('qihoobrowser')],
  ['QQBrowser', product('qq', 'qqbrowser', 'mqqbrowser')],
  ['Huawei Browser', product('huaweibrowser')],
  ['Vivo Browser', product('vivobrowser')],
  ['Oculus Browser', product('oculusbrowser')],
  ['Samsung Internet', product('samsungbrowser')],
  ['Sogou Explorer', any(word('metasr'), product('metasr'), item('metasr'))],
  ['Electron', after('electron', 'safari')],
  ['Tesla', phrase('tesla qtcarbrowser', 'tesla/20')],
  ['LBBROWSER', any(word('lbbrowser'), product('lbbrowser'))],
  ['LinkedIn', phrase('[linkedinapp]')],
  ['Iron', all(word('iron'), product('chrome'))], // ome\/([\w\.]+) \w* ?(iron) saf
  ['360', phrase('qihu 360ee', 'qihu 360se')],
  ['Facebook', phrase('fban/fbios', 'fb_iab/fb4a', ';fbav/')],
  ['KakaoTalk', product('kakaotalk')],
  ['Line', all(product('line'), any(word('safari'), phrase('/iab')))], // safari (line)\/ and \b(line)\/…\/iab
  ['Twitter', phrase('twitterandroid', 'twitter for')],
  ['Chromium', product('chromium')],
  ['Instagram', any(word('instagram'), product('instagram'))],
  ['Snapchat', product('snapchat')],
  ['GSA', after('gsa', 'safari')],
  ['TikTok', phrase('musical_ly')],
  ['Chrome WebView', all(item('wv'), product('chrome'))], // / wv\).+(chrome)\/
  ['Android Browser', all(phrase('droid'), after('version', 'safari'))],
  ['Chrome', product('chrome')],
  ['OmniWeb', product('omniweb')],
  ['Arora', product('arora')],
  ['NokiaBrowser', product('nokiabrowser')],
  ['Mobile Safari', all(product('version', 'mobile'), after('mobile', 'safari'))], // version/… mobile/… safari
  ['Safari', after('version', 'safari')],
  ['Mobile Safari', all(webkit, mobileSafari)],
  ['Safari', all(webkit, product('safari'))],
  ['WebKit', webkit],
  ['KHTML', product('khtml')],
  ['Netscape', product('netscape', 'navigator', 'netscape6')],
  ['Wolvic', product('wolvic')],
  ['LibreWolf', product('librewolf')],
  ['IceDragon', product('icedragon')],
  ['Iceweasel', product('iceweasel')],
  ['Camino', product('camino')],
  ['Fennec', product('fennec')],
  ['conkeror', product('conkeror')],
  ['SeaMonkey', lastProduct('seamonkey')],
  ['K-Meleon', lastProduct('k-meleon')],
  ['IceCat', lastProduct('icecat')],
  ['PaleMoon', lastProduct('palemoon')],
  ['Waterfox', lastProduct('waterfox')],
  ['Basilisk', lastProduct('basilisk')],
  ['Firefox', product('firefox')],
  ['Mozilla', all(product('mozilla'), item('rv:'), numericVersion('gecko'))],
  ['Lynx', product('lynx')],
  ['w3m', product('w3m')],
  ['Dillo', product('dillo')],
  ['NetSurf', product('netsurf')],
  ['iCab', any(product('icab'), word('icab'))],
  ['UP.Browser', product('up.browser')],
  ['Links', all(word('links'), phrase('links ('))],
  ['Cobalt', product('cobalt')],
];

/** Every family {@link browserFamily} can return. */
export const BROWSER_FAMILIES: ReadonlySet<string> = new Set(['Other', ...BROWSERS.map(([name]) => name)]);

/** Browser family of a (non-bot) agent, one of {@link BROWSER_FAMILIES}; 'Other' when no rule applies. */
export function browserFamily(t: AgentTokens): string {
  for (const [name, rule] of BROWSERS) {
    if (rule(t)) {
      return name;
    }
  }
  return 'Other';
}

const android = item('android');
const safari = product('safari');

/**
 * Device types by ua-parser-js 1.0.41's rules for the common cases, in its order: Apple and Samsung models
 * and Kindles first, then TVs, consoles, watches and cars ('other'), then the generic rules (Android with
 * `Mobile Safari` is a phone, Android with `Safari` alone a tablet, `Tablet;` a tablet, `phone`/`Mobile;` a
 * phone). ua-parser-js's hundreds of vendor model lists are not copied: an Android phone or tablet is found
 * by the generic rules all the same; a device no rule names is a desktop, as in ua-parser-js.
 */
const DEVICES: ReadonlyArray<readonly [Exclude<DeviceType, 'desktop'>, Rule]> = [
  ['mobile', lead('iphone', 'ipod')],
  ['tablet', all(lead('ipad'), phrase('apple'))],
  [
    'tablet',
    item(
      'sm-t',
      'sm-p',
      'sm-x',
      'gt-p',
      'gt-n',
      'sch-i8',
      'sch-i9',
      'nexus 10',
      'samsung sm-t',
      'samsung gt-p',
      'samsung gt-n'
    ),
  ],
  // Samsung phones, also as a product (`SAMSUNG-GT-E2232/1.0`)
  [
    'mobile',
    any(
      item('sm-', 'gt-', 'sgh-', 'sch-', 'sph-', 'samsung', 'galaxy nexus'),
      someProduct((name) => name.startsWith('samsung-'))
    ),
  ],
  ['tablet', all(item('kf', 'sd4'), product('silk'))], // Kindle Fire
  [
    'other',
    phrase(
      'smart-tv',
      'smarttv',
      'smart tv',
      'android tv',
      'opera tv',
      'googletv',
      'hbbtv',
      'crkey',
      'appletv',
      'apple tv',
      'roku',
      'bravia',
      'aquos',
      'netcast',
      'playstation',
      'xbox',
      'nintendo',
      'ouya',
      'watch os',
      'watchos',
      'tesla',
      'windows iot'
    ),
  ],
  ['other', any(item('quest'), all(android, item('aft')))], // Oculus Quest, Fire TV
  ['mobile', all(android, mobileSafari)],
  ['tablet', all(android, safari)],
  ['tablet', phrase('tablet;', 'tablet/', 'tab;', 'tab/')],
  ['mobile', phrase('phone', 'mobile;', 'mobile/', 'mobile safari')],
];

/** Device type of a (non-bot) agent; 'desktop' when no rule names one. */
export function deviceType(t: AgentTokens): DeviceType {
  for (const [type, rule] of DEVICES) {
    if (rule(t)) {
      return type;
    }
  }
  return 'desktop';
}
