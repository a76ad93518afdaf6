// Our classifier against ua-parser-js 1.0.x (which it replaced), on the committed log and real modern agents.
import { UAParser } from 'ua-parser-js';

import { growth, LINEAR_GROWTH_LIMIT, UA_PARSER_POLYNOMIAL } from '../tests/linear';
import { readApacheLines, readFixture } from '../tests/fixture-data';
import { classifyUserAgent } from '../src/weblog/ua';
import { agentCounts, agreement, uaParserInfo } from './ua-agreement';

describe('agreement with ua-parser-js 1.0.x', () => {
  it('names the same family and device for ≥ 99.5 % of the non-bot requests of the apache_logs sample', () => {
    // The bar of issue 17's follow-up is 99 %; measured 99.86 % (11 of 7,997 requests differ: two names
    // ua-parser-js copies in the agent's own case, 'chrome' and 'MAXTHON', and four agents its per-vendor
    // model lists place on a phone or tablet: eval:ua lists them).
    const a = agreement(agentCounts(readApacheLines()));
    expect(a.browsers.requests).toBeGreaterThan(7000);
    expect(a.both.requests).toBeGreaterThanOrEqual(0.995);
    expect(a.family.requests).toBeGreaterThanOrEqual(0.995);
    expect(a.device.requests).toBeGreaterThanOrEqual(0.995);
    expect(a.both.agents).toBeGreaterThanOrEqual(0.98);
  });

  it('names the same family and device on every one of the real modern agents in tests/fixtures/user-agents', () => {
    const agents = readFixture('user-agents/modern.txt')
      .split('\n')
      .filter((l) => l !== '');
    expect(agents.length).toBeGreaterThan(80);
    const differ = agents.filter((ua) => {
      const ours = classifyUserAgent(ua);
      const theirs = uaParserInfo(ua);
      return ours.browser !== theirs.browser || ours.device !== theirs.device;
    });
    expect(differ).toEqual([]);
  });

  it('the linearity yardstick fails ua-parser-js on the crafted agents (so it can fail ours)', () => {
    const parser = new UAParser();
    const uaParser = (ua: string) => {
      parser.setUA(ua);
      parser.getDevice();
    };
    // 31 → 496 characters: inside the 500 that ua-parser-js reads; cubic growth is ~4,000×, linear 16×.
    expect(growth((n) => UA_PARSER_POLYNOMIAL.archos(n), uaParser, 31)).toBeGreaterThan(LINEAR_GROWTH_LIMIT);
  });
});
