import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appOrigin } from '../../../src-main/shell/app-origin';
import { lockDownPermissions } from '../../../src-main/shell/permissions';
import { app, electronStandIn, permissionDetails, session, StandInWebContents } from '../../fixtures/electron/index';
import { APP_PAGE, memoryLogger } from './support';

/**
 * Fix 1. Each request is built as Electron builds it (the stand-in's
 * permissionDetails), including legacy desktop capture's empty mediaTypes.
 */
describe('permissions', () => {
  const { isAppUrl } = appOrigin(null);
  let contents: StandInWebContents;
  const request = (permission: Parameters<typeof session.defaultSession.requestPermission>[1], details: Parameters<typeof session.defaultSession.requestPermission>[2]) =>
    session.defaultSession.requestPermission(contents, permission, details);

  beforeEach(() => {
    electronStandIn.reset();
    app.becomeReady();
    contents = new StandInWebContents({});
    lockDownPermissions(session.defaultSession, isAppUrl, memoryLogger().logger);
  });
  afterEach(() => electronStandIn.dispose());

  it('grants the microphone to the app’s own page', async () => {
    expect(await request('media', permissionDetails.media(['audio'], APP_PAGE))).toBe(true);
  });

  it('refuses legacy desktop capture, which asks for media with an empty mediaTypes', async () => {
    expect(await request('media', permissionDetails.media([], APP_PAGE))).toBe(false);
  });

  it('refuses the camera, alone or with the microphone', async () => {
    expect(await request('media', permissionDetails.media(['video'], APP_PAGE))).toBe(false);
    expect(await request('media', permissionDetails.media(['audio', 'video'], APP_PAGE))).toBe(false);
  });

  it('refuses a media request that names no device list at all', async () => {
    expect(await request('media', permissionDetails.other(APP_PAGE))).toBe(false);
  });

  it('refuses the microphone to any other origin, and to a sub-frame', async () => {
    expect(await request('media', permissionDetails.media(['audio'], 'https://evil.example/'))).toBe(false);
    expect(await request('media', permissionDetails.media(['audio'], 'app://kiosk.evil.example/'))).toBe(false);
    expect(await request('media', permissionDetails.media(['audio'], APP_PAGE, { isMainFrame: false }))).toBe(false);
  });

  it('refuses every other permission, even to the app’s own page', async () => {
    for (const permission of ['display-capture', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal', 'pointerLock', 'midiSysex', 'unknown'] as const) {
      expect(await request(permission, permissionDetails.other(APP_PAGE)), permission).toBe(false);
    }
  });

  describe('checks', () => {
    const check = (mediaType: 'audio' | 'video', url: string) => {
      const { requestingOrigin, details } = permissionDetails.mediaCheck(mediaType, url);
      return session.defaultSession.checkPermission(contents, 'media', requestingOrigin, details);
    };

    it('say yes to the microphone for the app’s own page only', () => {
      expect(check('audio', APP_PAGE)).toBe(true);
      expect(check('audio', 'https://evil.example/')).toBe(false);
    });

    it('say no to the camera', () => {
      expect(check('video', APP_PAGE)).toBe(false);
    });

    it('say no to any other permission', () => {
      const details = { requestingUrl: APP_PAGE, isMainFrame: true };
      for (const permission of ['notifications', 'clipboard-read', 'serial', 'hid', 'usb', 'geolocation'] as const) {
        expect(session.defaultSession.checkPermission(contents, permission, 'app://kiosk/', details), permission).toBe(false);
      }
    });
  });
});
