import { describe, expect, it } from 'vitest';
import { displayCountOf, displayProblem } from '../../../../shared/domain/display-policy';

describe('IT’s display policy at a sitting', () => {
  const builtInOnly = { maxDisplays: null, builtInDisplayOnly: true };
  const one = { maxDisplays: 1, builtInDisplayOnly: false };

  it('allows the built-in display alone under the built-in rule, and any one display under the default limit', () => {
    expect(displayProblem({ displays: 1, builtInDisplays: 1 }, builtInOnly)).toBeNull();
    expect(displayProblem({ displays: 1, builtInDisplays: 0 }, one)).toBeNull();
    expect(displayProblem({ displays: 0, builtInDisplays: 0 }, builtInOnly)).toBeNull();
    expect(displayProblem({ displays: 5, builtInDisplays: 0 }, { maxDisplays: null, builtInDisplayOnly: false })).toBeNull();
  });

  it('says which external displays to disconnect, and to open a closed lid', () => {
    expect(displayProblem({ displays: 2, builtInDisplays: 1 }, builtInOnly)).toEqual({
      rule: 'built_in_only',
      problem: 'An external display is connected to this kiosk besides its built-in one, and IT allows only the built-in display during a sitting: another screen lets someone read along.',
      fix: 'Disconnect the external display.',
    });
    expect(displayProblem({ displays: 3, builtInDisplays: 1 }, builtInOnly)?.problem).toMatch(/^2 external displays are connected/);
    expect(displayProblem({ displays: 1, builtInDisplays: 0 }, builtInOnly)).toMatchObject({
      rule: 'built_in_only',
      problem: expect.stringMatching(/^1 display is connected to this kiosk and none is its built-in display \(a laptop’s lid may be closed\)/),
      fix: 'Open the laptop’s lid and disconnect the external display.',
    });
  });

  it('counts displays over IT’s limit', () => {
    expect(displayProblem({ displays: 2, builtInDisplays: 1 }, one)).toMatchObject({ rule: 'max_displays', problem: expect.stringContaining('IT allows only one during a sitting'), fix: 'Disconnect the others.' });
    expect(displayProblem({ displays: 4, builtInDisplays: 0 }, { maxDisplays: 3, builtInDisplayOnly: false })?.problem).toContain('at most 3');
  });

  it('reads the counts an integrity event recorded, and none from an older one without them', () => {
    expect(displayCountOf({ displays: 2, builtInDisplays: 1, label: 'DELL' })).toEqual({ displays: 2, builtInDisplays: 1 });
    expect(displayCountOf({ displays: 2 })).toBeNull();
    expect(displayCountOf(null)).toBeNull();
  });
});
