import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ConfigurationProof } from '../../../shared/domain/configuration-proof';
import { ConfigurationPanel } from '../../../src-renderer/src/screens/staff/review/ConfigurationPanel';

/** What a recruiter reads about the configuration an interview ran under, for each verdict main can send. */
const interviewId = '0190a3f0-0000-7000-8000-000000000002';
const key = 'a'.repeat(64);

function words(proof: Partial<ConfigurationProof>): string {
  const full: ConfigurationProof = { configurationKey: key, attestation: 'verified', approval: 'approved', differences: [], approvedNote: null, ...proof };
  return renderToStaticMarkup(h(ConfigurationPanel, { interviewId, proof: full }))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

describe('configuration panel', () => {
  it('says the interview ran under the approved configuration only when the attestation verifies', () => {
    expect(words({ approvedNote: 'Centre kiosks' })).toContain('Ran under the approved configuration. IT’s note: Centre kiosks');
    const unproven = words({ attestation: 'invalid' });
    expect(unproven).not.toContain('Ran under the approved configuration');
    expect(unproven).toContain('The attestation does not verify');
    expect(words({ attestation: 'missing' })).toContain('Not yet attested');
  });

  it('lists what differed from the nearest approved configuration, setting by setting', () => {
    const text = words({ approval: 'differs', differences: [{ setting: 'Displays allowed at a sitting', approved: '1', actual: '2' }] });
    expect(text).toContain('Not the approved configuration');
    expect(text).toContain('Displays allowed at a sitting 1 2');
    expect(text).toContain('The kiosk’s signed attestation verifies');
  });

  it('tells IT how to approve one when none is, and says when nothing was recorded', () => {
    expect(words({ approval: 'none_approved' })).toContain(`npm run cli -- hosted-db approve-configuration --interview ${interviewId}`);
    const old = words({ configurationKey: null, attestation: 'not_recorded', approval: 'not_recorded' });
    expect(old).toContain('No configuration was recorded');
    expect(old).not.toContain('Configuration key');
  });
});
