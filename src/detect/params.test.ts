import { createDetector, defaultParams, DetectorError, PRESETS, validateParams } from './index';

describe('parameters', () => {
  it('defaults are valid for every preset; notebook keeps the notebook defaults', () => {
    for (const preset of PRESETS) {
      expect(validateParams(preset, defaultParams(preset))).toEqual([]);
    }
    expect(defaultParams('notebook')).toMatchObject({ window: 20, alpha: 0.04, k: 1.3, gamma: 0.01, warmup: 1000 });
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
      { param: 'episodeGap', message: 'episodeGap must be a finite number of milliseconds ≥ 0, got Infinity' },
      { param: 'season', message: 'season must be a finite number of milliseconds > 0, got 0' },
    ]);
  });

  it('rejects unknown presets, NaN and non-numbers; accepts the range ends', () => {
    expect(validateParams('arima', {})).toEqual([
      { param: 'preset', message: 'preset must be one of ewma, notebook, robust, seasonal, got "arima"' },
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
