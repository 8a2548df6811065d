import { describe, expect, it } from 'vitest';
import type { ErrorReport } from '../../../src-main/errors/error-report';
import { PER_WINDOW_LIMIT, RendererErrors } from '../../../src-main/errors/renderer-errors';

function recorder() {
  const kept: ErrorReport[] = [];
  const errors = new RendererErrors({ reports: { add: (report) => kept.push(report) }, appVersion: '2.0.0', mode: () => 'kiosk', clock: { now: () => new Date('2026-12-07T10:00:00Z') } });
  return { kept, errors };
}

describe('a window’s renderer process that ended', () => {
  it('is kept as a crash with Electron’s reason and the exit code, and nothing of the page', () => {
    const { kept, errors } = recorder();
    expect(errors.crashed({ reason: 'oom', exitCode: -1 }, { windowId: '1', role: 'candidate' })).toEqual({ recorded: true });
    expect(kept).toMatchObject([
      { source: 'renderer', kind: 'crash', errorClass: 'RendererGone', appVersion: '2.0.0', frames: [], context: { mode: 'kiosk', role: 'candidate', reason: 'oom', exitCode: -1 } },
    ]);
  });

  it('is not a crash when it exited cleanly; a reason Electron does not document is “other”', () => {
    const { kept, errors } = recorder();
    expect(errors.crashed({ reason: 'clean-exit', exitCode: 0 }, { windowId: '1', role: null })).toEqual({ recorded: false });
    errors.crashed({ reason: 'Grace Okafor', exitCode: 'x' }, { windowId: '1', role: null });
    expect(kept.map((report) => report.context)).toEqual([{ mode: 'kiosk', role: 'signed-out', reason: 'other' }]);
  });

  it('counts within a window’s limit, like its own reports', () => {
    const { kept, errors } = recorder();
    for (let n = 0; n < PER_WINDOW_LIMIT.count + 3; n++) errors.crashed({ reason: 'crashed', exitCode: 11 }, { windowId: 'looping', role: null });
    expect(kept).toHaveLength(PER_WINDOW_LIMIT.count);
  });
});
