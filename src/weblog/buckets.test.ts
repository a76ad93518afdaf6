import { countsBucket } from './buckets';

const T = Date.UTC(2015, 4, 17, 10);
const H = 3600e3;

describe('countsBucket', () => {
  it('keeps the time step of counts aggregated upstream', () => {
    expect(countsBucket([T, T + H, T + 2 * H])).toBe('1h');
    expect(countsBucket([T, T + 300e3])).toBe('5m');
    expect(countsBucket([T, T + 86400e3])).toBe('1d');
    expect(countsBucket([T, T])).toBe('auto');
    expect(countsBucket([T], 14400e3)).toBe('4h');
  });
});
