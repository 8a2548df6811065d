import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SecretStorageStatus, secretStorageView } from '../../../src-renderer/src/screens/staff/SecretStorageStatus';

const problem =
  'No keychain is available on this device, so the OpenAI API key, SMTP password and sync device credential cannot be stored. ' +
  'On Linux, install gnome-keyring (or KWallet) and have it running and unlocked in the session of the user the kiosk runs as.';

// The panel's storage line and alert, rendered as the staff screen renders them (SecretsPanel uses this component).
describe('SecretStorageStatus (the staff Stored secrets panel)', () => {
  it('shows the main process’s problem whole, as an alert above the forms, when no store works', () => {
    const html = renderToStaticMarkup(createElement(SecretStorageStatus, { backend: 'unavailable', problem }));
    expect(html).toMatch(/^<div role="alert" class="alert alert-error"/);
    expect(html).toContain('Secrets cannot be stored on this device');
    expect(html).toContain(problem);
    expect(html).toContain('AI interviews, resume reading, email and sync do not work');
    expect(html).toContain('Storage: none — no keychain is available on this device');
  });

  it('names a secret that cannot be read without claiming nothing can be stored', () => {
    const view = secretStorageView({ backend: 'Electron safeStorage (Secret Service)', problem: 'The stored secret "openai-api-key" could not be decrypted.' });
    expect(view).toEqual({
      storage: 'Electron safeStorage (Secret Service)',
      problem: { title: 'A stored secret cannot be read', text: 'The stored secret "openai-api-key" could not be decrypted.', consequence: null },
    });
  });

  it('shows only the storage line when all is well', () => {
    const html = renderToStaticMarkup(createElement(SecretStorageStatus, { backend: 'Secret Service via keytar', problem: null }));
    expect(html).toBe('<p class="field-hint">Storage: Secret Service via keytar</p>');
  });
});
