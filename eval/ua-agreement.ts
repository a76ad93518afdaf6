// How often our user-agent classifier (src/weblog/agent.ts) names the same browser family and device type
// as ua-parser-js 1.0.x, which it replaced (ua-parser-js stays a devDependency for this measurement only).
// Bots are recognised by the same code before either is asked, so they are counted apart.
import { UAParser } from 'ua-parser-js';

import { parseLine } from '../src/weblog/parse';
import { classifyUserAgent, DeviceType, UserAgentInfo } from '../src/weblog/ua';

const parser = new UAParser();

/** What 0.1.0 answered: our bot detection, then ua-parser-js's browser name and device type. */
export function uaParserInfo(ua: string): UserAgentInfo {
  const ours = classifyUserAgent(ua);
  if (ours.bot || ua === '') {
    return ours; // '' would make ua-parser-js read the viewer's own navigator.userAgent in a browser
  }
  parser.setUA(ua);
  const type = parser.getDevice().type;
  const device: DeviceType = type === undefined ? 'desktop' : type === 'mobile' || type === 'tablet' ? type : 'other';
  return { browser: parser.getBrowser().name || 'Other', device, bot: false };
}

/** Requests per distinct user agent of an Apache log (lines without one are left out). */
export function agentCounts(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const r = parseLine(line);
    if (typeof r !== 'string') {
      counts.set(r.userAgent, (counts.get(r.userAgent) ?? 0) + 1);
    }
  }
  return counts;
}

export interface Share {
  agents: number;
  requests: number;
}

export interface Disagreement {
  agent: string;
  requests: number;
  ours: string;
  uaParser: string;
}

export interface Agreement {
  /** Distinct agents and requests, all and not bots. */
  all: Share;
  browsers: Share;
  /** Shares (0–1) of the non-bot agents and requests with the same family, the same device, both. */
  family: Share;
  device: Share;
  both: Share;
  /** Agents where family or device differ, most requests first. */
  disagreements: Disagreement[];
}

export function agreement(counts: ReadonlyMap<string, number>): Agreement {
  const all = { agents: 0, requests: 0 };
  const browsers = { agents: 0, requests: 0 };
  const same = {
    family: { agents: 0, requests: 0 },
    device: { agents: 0, requests: 0 },
    both: { agents: 0, requests: 0 },
  };
  const disagreements: Disagreement[] = [];
  const add = (s: Share, n: number) => {
    s.agents++;
    s.requests += n;
  };
  for (const [agent, n] of counts) {
    add(all, n);
    const ours = classifyUserAgent(agent);
    if (ours.bot) {
      continue;
    }
    add(browsers, n);
    const theirs = uaParserInfo(agent);
    const family = ours.browser === theirs.browser;
    const device = ours.device === theirs.device;
    if (family) {
      add(same.family, n);
    }
    if (device) {
      add(same.device, n);
    }
    if (family && device) {
      add(same.both, n);
    } else {
      disagreements.push({
        agent,
        requests: n,
        ours: `${ours.browser} / ${ours.device}`,
        uaParser: `${theirs.browser} / ${theirs.device}`,
      });
    }
  }
  const share = (s: Share): Share => ({ agents: s.agents / browsers.agents, requests: s.requests / browsers.requests });
  disagreements.sort((a, b) => b.requests - a.requests || (a.agent < b.agent ? -1 : 1));
  return {
    all,
    browsers,
    family: share(same.family),
    device: share(same.device),
    both: share(same.both),
    disagreements,
  };
}
