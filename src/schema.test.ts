import { migrateParams, SCHEMA_STEPS, SCHEMA_VERSION, type SchemaStep, savedVersion } from './schema';

describe('schema steps', () => {
  it('the version is the number of steps; what 0.1.0 saved (no version) is version 0', () => {
    expect(SCHEMA_VERSION).toBe(SCHEMA_STEPS.length);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    expect(savedVersion({})).toBe(0);
    expect(savedVersion(undefined)).toBe(0);
    for (const odd of ['1', -1, 1.5, NaN, null]) {
      expect(savedVersion({ schemaVersion: odd })).toBe(0);
    }
    expect(savedVersion({ schemaVersion: 3 })).toBe(3);
    for (const step of SCHEMA_STEPS) {
      expect(step.change.length).toBeGreaterThan(10);
    }
  });

  it('applies the steps after the saved version, in order (how the next change of meaning plugs in)', () => {
    const calls: string[] = [];
    const steps: SchemaStep[] = [
      ...SCHEMA_STEPS,
      {
        change: 'test: k doubles',
        params: (p, c) => (calls.push(`double ${c.where}`), { ...p, k: Number(p.k ?? 3) * 2 }),
      },
      { change: 'test: k + 1', params: (p) => (calls.push('plus'), { ...p, k: Number(p.k) + 1 }) },
    ];
    const context = { where: 'query', preset: 'ewma' } as const;
    expect(migrateParams({ k: 2 }, context, 0, steps)).toEqual({ k: 5 });
    expect(calls).toEqual(['double query', 'plus']);
    expect(migrateParams({ k: 2 }, context, SCHEMA_VERSION + 1, steps)).toEqual({ k: 3 });
    expect(migrateParams({ k: 2 }, context, steps.length, steps)).toEqual({ k: 2 });
    expect(migrateParams({}, context, SCHEMA_VERSION, steps)).toEqual({ k: 7 });
  });
});
