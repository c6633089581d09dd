import { describe, expect, it } from 'vitest';
import { signalFromQuery, signalLabel, visibleSignals } from '../../src/web/signals.js';

describe('signal names in plain words', () => {
  it('labels the internal names', () => {
    expect(signalLabel('coaction:share')).toBe('share');
    expect(signalLabel('coaction:reply')).toBe('reply');
    expect(signalLabel('text')).toBe('near-identical text');
    expect(signalLabel('coaction:quote')).toBe('quote'); // unknown actions read as the action
    expect(signalLabel('something')).toBe('something');
  });

  it('maps what an analyst types to the internal name the API filters on', () => {
    expect(signalFromQuery('share')).toBe('coaction:share');
    expect(signalFromQuery('  Share ')).toBe('coaction:share');
    expect(signalFromQuery('coaction:like')).toBe('coaction:like');
    expect(signalFromQuery('near-identical text')).toBe('text');
    expect(signalFromQuery('identical')).toBe('text');
    expect(signalFromQuery('quote', ['coaction:quote'])).toBe('coaction:quote');
    expect(signalFromQuery('')).toBe('');
    // Ambiguous or unknown text is passed through unchanged (the API then matches nothing).
    expect(signalFromQuery('re')).toBe('re');
    expect(signalFromQuery('zzz')).toBe('zzz');
  });

  it('hides signals that round to 0%', () => {
    const shown = visibleSignals({ 'coaction:share': { weight: 0.97 }, 'coaction:like': { weight: 0.03 }, 'coaction:reply': { weight: 0.004 } });
    expect(shown.map(([n]) => n)).toEqual(['coaction:share', 'coaction:like']);
    expect(visibleSignals(undefined)).toEqual([]);
  });
});
