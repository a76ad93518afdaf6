import {
  createDetector,
  defaultParams,
  DetectorError,
  formatParam,
  PARAM_KEYS,
  PARAMS,
  parseParamText,
  parseQueryOption,
  PRESET_INFO,
  PRESETS,
  presetUses,
  validateParams,
} from './index';

const DAY = 86_400_000;

describe('parameters', () => {
  it('has the expected defaults (those 0.1.0 shipped: saved dashboards that leave a parameter empty keep them)', () => {
    // new in 0.2.0, one default for every preset: the window preset's parameters, and threshold (ewma, robust,
    // seasonal: 50 is a tail probability of 1e-5, likelihood.ts, HTM's "red" level)
    const rule = { threshold: 50, range: 3_600_000, interval: 60_000, phase: 0, rangeStart: 'exclusive' };
    const common = { gamma: 0.01, episodeGap: 0, season: DAY, ...rule };
    expect(defaultParams('ewma')).toEqual({ alpha: 0.1, k: 4, window: 20, warmup: 100, ...common });
    expect(defaultParams('notebook')).toEqual({ alpha: 0.04, k: 1.3, window: 20, warmup: 1000, ...common });
    expect(defaultParams('robust')).toEqual({ alpha: 0.1, k: 4, window: 60, warmup: 60, ...common });
    expect(defaultParams('seasonal')).toEqual({ alpha: 0.1, k: 4, window: 20, warmup: 100, ...common });
    expect(defaultParams('window')).toMatchObject({ k: 3, warmup: 30, season: 0, ...rule });
  });

  it('describes every parameter and preset once: label, help, range, the presets that read it', () => {
    expect(Object.keys(PARAMS)).toEqual([...PARAM_KEYS]);
    for (const key of PARAM_KEYS) {
      const spec = PARAMS[key];
      expect(spec.label).not.toBe('');
      expect(spec.help).toMatch(/\.$/);
      expect(spec.presets.length).toBeGreaterThan(0);
      expect(spec.presets.every((p) => PRESETS.includes(p))).toBe(true);
    }
    expect(Object.keys(PRESET_INFO).sort()).toEqual([...PRESETS].sort());
    // gamma was documented as the notebook's alone, yet the statistical presets read it too (not the rule preset).
    expect(PARAMS.gamma.presets).toEqual(['ewma', 'notebook', 'robust', 'seasonal']);
    expect(presetUses('window', 'gamma')).toBe(false);
    expect(presetUses('window', 'rangeStart')).toBe(true);
    expect(presetUses('seasonal', 'season')).toBe(true);
    expect(presetUses('ewma', 'season')).toBe(false);
    expect(presetUses('robust', 'window')).toBe(true);
    expect(presetUses('$preset', 'window')).toBe(true); // a variable may name any preset
  });

  it('parses text the way each kind is typed: numbers, durations in Grafana syntax or ms', () => {
    expect(parseParamText('alpha', ' 0.2 ')).toBe(0.2);
    expect(parseParamText('alpha', '')).toBeUndefined();
    expect(parseParamText('alpha', 'lots')).toEqual({ error: 'alpha must be a number, got "lots"' });
    expect(parseParamText('episodeGap', '5m')).toBe(300_000);
    expect(parseParamText('season', '1d')).toBe(DAY);
    expect(parseParamText('season', '1w')).toBe(7 * DAY);
    expect(parseParamText('season', '1h30m')).toBe(5_400_000);
    expect(parseParamText('episodeGap', '90000')).toBe(90_000);
    expect(parseParamText('season', 'daily', '"$s" (= "daily")')).toEqual({
      error: 'season must be a duration (5m, 1h, 1d, 1w or milliseconds), got "$s" (= "daily")',
    });
    // Out of range is validation's business, after parsing.
    expect(parseParamText('alpha', '2')).toBe(2);
  });

  it('query options parse like parameters and are range-checked at once', () => {
    expect(parseQueryOption('forecast', '1w')).toBe(7 * DAY);
    expect(parseQueryOption('forecast', '')).toBeUndefined();
    expect(parseQueryOption('forecast', '-5m')).toEqual({
      error: 'forecast must be a duration (5m, 1h, 1d, 1w or milliseconds), got "-5m"',
    });
    expect(parseQueryOption('forecast', '0s')).toEqual({
      error: 'forecast must be a duration > 0 (5m, 1h, 1d, 1w or milliseconds), got "0s"',
    });
    expect(parseQueryOption('forecast', 'Infinity')).toHaveProperty('error');
  });

  it('shows durations back in Grafana syntax, other values as they are', () => {
    expect(formatParam('season', DAY)).toBe('1d');
    expect(formatParam('episodeGap', 300_000)).toBe('5m');
    expect(formatParam('episodeGap', 5_400_000)).toBe('1h30m');
    expect(formatParam('episodeGap', 0)).toBe('0s');
    expect(formatParam('alpha', 0.04)).toBe('0.04');
    for (const ms of [1, 999, 60_000, 86_399_999, 7 * DAY + 1]) {
      expect(parseParamText('season', formatParam('season', ms))).toBe(ms);
    }
  });

  it('defaults are valid for every preset', () => {
    for (const preset of PRESETS) {
      expect(validateParams(preset, defaultParams(preset))).toEqual([]);
    }
  });

  it('messages state the allowed range and the value', () => {
    expect(
      validateParams('ewma', {
        alpha: 1.5,
        k: 0,
        window: 2.5,
        gamma: -1,
        warmup: -3,
        episodeGap: Infinity,
        season: 0,
      })
    ).toEqual([
      { param: 'alpha', message: 'alpha must be in (0, 1], got 1.5' },
      { param: 'k', message: 'k must be a finite number > 0, got 0' },
      { param: 'window', message: 'window must be an integer in [2, 1000000], got 2.5' },
      { param: 'gamma', message: 'gamma must be in (0, 1], got -1' },
      { param: 'warmup', message: 'warmup must be an integer ≥ 0, got -3' },
      {
        param: 'episodeGap',
        message: 'episodeGap must be a duration ≥ 0 (5m, 1h, 1d, 1w or milliseconds), got Infinity',
      },
      { param: 'season', message: 'season must be a duration > 0 (5m, 1h, 1d, 1w or milliseconds), got 0' },
    ]);
  });

  it('rejects unknown presets, NaN and non-numbers; accepts the range ends', () => {
    expect(validateParams('arima', {})).toEqual([
      { param: 'preset', message: 'preset must be one of ewma, notebook, robust, seasonal, window, got "arima"' },
    ]);
    expect(validateParams('ewma', { alpha: NaN })[0].message).toBe('alpha must be in (0, 1], got NaN');
    expect(validateParams('ewma', { k: '3' as unknown as number })[0].message).toBe(
      'k must be a finite number > 0, got "3"'
    );
    expect(validateParams('ewma', { alpha: 1, gamma: 1, window: 2, warmup: 0, episodeGap: 0 })).toEqual([]);
  });

  it('createDetector throws DetectorError with every message, and fills in defaults', () => {
    expect(() => createDetector('ewma', { alpha: 2, window: 1 })).toThrow(
      new DetectorError(
        'invalid detector settings: alpha must be in (0, 1], got 2; window must be an integer in [2, 1000000], got 1'
      )
    );
    try {
      createDetector('robust', { k: -1 });
    } catch (e) {
      expect(e).toBeInstanceOf(DetectorError);
      expect((e as DetectorError).details).toEqual(['k must be a finite number > 0, got -1']);
    }
    const d = createDetector('robust', { k: 2 });
    expect(d.params).toEqual({ ...defaultParams('robust'), k: 2 });
    expect(d.preset).toBe('robust');
  });
});
