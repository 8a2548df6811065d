import { describe, expect, it } from 'vitest';
import { parseToCore } from '../../../src-main/ipc/core-protocol';
import { crashAndRestart, harness } from './support';

/** The shell's facts for the self-check (src-main/shell/shell-facts.ts): to the core when it is ready, and again to a core started again. */
describe('the shell’s facts', () => {
  const facts = { platform: 'linux', sandboxed: true, displays: 1, builtInDisplays: 1, osKiosk: 'present' } as const;

  it('go to a core once it is ready, and the latest are told again to a core started after a crash', async () => {
    const h = harness();
    // Reported before there is a core: kept, and told once it is ready.
    h.core.reportShellFacts({ ...facts, displays: 3 });
    const starting = h.core.start();
    expect(h.spawner.latest().of('shell-facts')).toEqual([]);
    h.spawner.latest().send({ type: 'ready', mode: 'kiosk' });
    await starting;
    expect(h.spawner.latest().of('shell-facts')).toEqual([{ type: 'shell-facts', facts: { ...facts, displays: 3 } }]);
    h.spawner.latest().posted.length = 0;
    h.core.reportShellFacts(facts);
    h.core.reportShellFacts({ ...facts, displays: 2 });
    expect(h.spawner.latest().of('shell-facts')).toEqual([
      { type: 'shell-facts', facts },
      { type: 'shell-facts', facts: { ...facts, displays: 2 } },
    ]);
    await crashAndRestart(h);
    expect(h.spawner.latest().of('shell-facts')).toEqual([{ type: 'shell-facts', facts: { ...facts, displays: 2 } }]);
  });

  it('are held to the protocol: known OS kiosk states, bounded display counts, no more built in than there are, nothing extra', () => {
    expect(parseToCore({ type: 'shell-facts', facts })).toMatchObject({ ok: true });
    expect(parseToCore({ type: 'shell-facts', facts: { ...facts, osKiosk: 'maybe' } })).toMatchObject({ ok: false, problem: expect.stringContaining("'shell-facts'") });
    expect(parseToCore({ type: 'shell-facts', facts: { ...facts, displays: -1 } }).ok).toBe(false);
    expect(parseToCore({ type: 'shell-facts', facts: { ...facts, displays: 1.5 } }).ok).toBe(false);
    expect(parseToCore({ type: 'shell-facts', facts: { ...facts, extra: true } }).ok).toBe(false);
    expect(parseToCore({ type: 'shell-facts', facts: { ...facts, displays: 2, builtInDisplays: 0 } }).ok).toBe(true);
    expect(parseToCore({ type: 'shell-facts', facts: { ...facts, builtInDisplays: 2 } })).toMatchObject({ ok: false, problem: expect.stringContaining('builtInDisplays') });
    expect(parseToCore({ type: 'shell-facts', facts: { ...facts, builtInDisplays: -1 } }).ok).toBe(false);
    const { builtInDisplays: _left, ...without } = facts;
    expect(parseToCore({ type: 'shell-facts', facts: without }).ok).toBe(false);
  });
});
