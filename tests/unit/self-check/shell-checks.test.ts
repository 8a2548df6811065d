import { describe, expect, it } from 'vitest';
import { checkShell, type ShellFacts } from '../../../src-main/self-check/shell-checks';

const facts = (patch: Partial<ShellFacts> = {}): ShellFacts => ({ platform: 'linux', sandboxed: true, displays: 1, builtInDisplays: 0, osKiosk: 'present', ...patch });
const byId = (results: ReturnType<typeof checkShell>) => Object.fromEntries(results.map((result) => [result.id, result]));

describe('what the Electron shell reports', () => {
  it('passes a locked-down kiosk: OS kiosk lock, sandbox, one display', () => {
    const results = checkShell(facts(), 'kiosk');
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ['os-kiosk', 'ok'],
      ['sandbox', 'ok'],
      ['displays', 'ok'],
    ]);
    expect(byId(results)['os-kiosk']!.detail).toMatch(/inside cage/);
  });

  it('is unknown in the browser host, which has no shell, and says so', () => {
    for (const result of checkShell(null, 'kiosk')) {
      expect(result.status).toBe('unknown');
      expect(result.detail).toMatch(/browser host/);
    }
  });

  it.each([
    ['win32', /Explorer is running/, /Assigned Access/],
    ['darwin', /not macOS’s kiosk presentation/, /packaged\) app in kiosk mode/],
    ['linux', /does not run inside cage/, /cage kiosk compositor/],
  ])('fails a kiosk without the OS lock on %s, saying how to set it up', (platform, detail, fix) => {
    const result = byId(checkShell(facts({ platform, osKiosk: 'missing' }), 'kiosk'))['os-kiosk']!;
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(detail);
    expect(result.fix).toMatch(fix);
  });

  it('says when the lock could not be told, and does not ask for it on a recruiter laptop', () => {
    expect(byId(checkShell(facts({ osKiosk: 'unknown' }), 'kiosk'))['os-kiosk']).toMatchObject({ status: 'unknown', fix: expect.stringMatching(/by hand/) });
    expect(byId(checkShell(facts({ osKiosk: 'missing' }), 'recruiter'))['os-kiosk']).toMatchObject({ status: 'ok', detail: expect.stringMatching(/recruiter mode/) });
  });

  it('fails without the sandbox, saying to start without --no-sandbox', () => {
    const result = byId(checkShell(facts({ sandboxed: false }), 'recruiter'))['sandbox']!;
    expect(result.status).toBe('fail');
    expect(result.fix).toMatch(/without --no-sandbox/);
  });

  it('fails a kiosk with more displays than IT allows at a sitting, and warns about none', () => {
    expect(byId(checkShell(facts({ displays: 2 }), 'kiosk'))['displays']).toMatchObject({
      status: 'fail',
      detail: '2 displays are connected to this kiosk, and IT allows only one during a sitting: another screen lets someone read along. A proctor cannot open a sitting here.',
      fix: 'Disconnect the others. (A display connected during a sitting locks it.)',
    });
    expect(byId(checkShell(facts({ displays: 0 }), 'kiosk'))['displays']!.status).toBe('warn');
    expect(byId(checkShell(facts({ displays: 2 }), 'recruiter'))['displays']!.status).toBe('ok');
    expect(byId(checkShell(facts({ displays: 1 }), 'kiosk'))['displays']!.detail).toBe('1 display is connected.');
  });

  it('follows IT’s display limit, or none', () => {
    const limit = (maxDisplays: number | null) => ({ maxDisplays, builtInDisplayOnly: false });
    expect(byId(checkShell(facts({ displays: 2 }), 'kiosk', limit(2)))['displays']).toMatchObject({ status: 'ok', detail: '2 displays are connected. IT allows up to 2 at a sitting.' });
    expect(byId(checkShell(facts({ displays: 3 }), 'kiosk', limit(2)))['displays']).toMatchObject({ status: 'fail', detail: expect.stringContaining('IT allows at most 2 during a sitting') });
    expect(byId(checkShell(facts({ displays: 4 }), 'kiosk', limit(null)))['displays']!.status).toBe('ok');
  });

  it('follows IT’s built-in display rule: an external display, or the lid closed on one, says what to disconnect', () => {
    const builtInOnly = { maxDisplays: null, builtInDisplayOnly: true };
    expect(byId(checkShell(facts({ displays: 1, builtInDisplays: 1 }), 'kiosk', builtInOnly))['displays']).toMatchObject({
      status: 'ok',
      detail: '1 display is connected (built in). IT allows only the built-in display at a sitting.',
    });
    expect(byId(checkShell(facts({ displays: 2, builtInDisplays: 1 }), 'kiosk', builtInOnly))['displays']).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^An external display is connected to this kiosk besides its built-in one, and IT allows only the built-in display during a sitting/),
      fix: 'Disconnect the external display. (A display connected during a sitting locks it.)',
    });
    expect(byId(checkShell(facts({ displays: 1, builtInDisplays: 0 }), 'kiosk', builtInOnly))['displays']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('none is its built-in display (a laptop’s lid may be closed)'),
      fix: expect.stringMatching(/^Open the laptop’s lid and disconnect the external display\./),
    });
    // A recruiter laptop is not held to a sitting's rule; the browser host cannot tell.
    expect(byId(checkShell(facts({ displays: 2, builtInDisplays: 1 }), 'recruiter', builtInOnly))['displays']!.status).toBe('ok');
    expect(byId(checkShell(null, 'kiosk', builtInOnly))['displays']!.status).toBe('unknown');
  });
});
