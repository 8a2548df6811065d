import type { ConfigurationProof } from '../../../../../shared/domain/configuration-proof';

const APPROVE_COMMAND = 'npm run cli -- hosted-db approve-configuration --interview';

const attestationText: Record<ConfigurationProof['attestation'], string> = {
  verified: 'The kiosk’s signed attestation verifies: its registered key signed this configuration over a fresh challenge from the hosted database.',
  missing: 'Not yet attested: the kiosk has not signed this configuration yet (it does at its next sync).',
  invalid: 'The attestation does not verify: the signature, the key or the recorded settings do not match. Treat the configuration as unproven and tell IT.',
  not_recorded: 'No configuration was recorded: the interview started on an app version from before this was built.',
};

/**
 * Proof of configuration (issue 17): whether the sitting ran under a
 * configuration IT approved, proven by the kiosk's signature, or what
 * differed from the nearest approved one, setting by setting.
 */
export function ConfigurationPanel({ interviewId, proof }: { interviewId: string; proof: ConfigurationProof }) {
  const approvedAndVerified = proof.approval === 'approved' && proof.attestation === 'verified';
  return (
    <section aria-labelledby="review-configuration-title" className="panel">
      <h2 id="review-configuration-title">Configuration</h2>
      {approvedAndVerified ? (
        <p>
          <strong>Ran under the approved configuration.</strong>
          {proof.approvedNote ? ` IT’s note: ${proof.approvedNote}` : null}
        </p>
      ) : null}
      {proof.approval === 'approved' && !approvedAndVerified ? <p>The recorded configuration is an approved one, but that is not proven yet (below).</p> : null}
      {proof.approval === 'none_approved' ? (
        <p>
          No configuration is approved yet. IT approves the one this interview ran under with <code>{`${APPROVE_COMMAND} ${interviewId}`}</code>.
        </p>
      ) : null}
      {proof.approval === 'differs' ? (
        <>
          <p>Not the approved configuration. What differed from the nearest approved one:</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">Approved</th>
                <th scope="col">This interview</th>
              </tr>
            </thead>
            <tbody>
              {proof.differences.map((difference) => (
                <tr key={difference.setting}>
                  <th scope="row">{difference.setting}</th>
                  <td>{difference.approved}</td>
                  <td>{difference.actual}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {approvedAndVerified ? null : <p>{attestationText[proof.attestation]}</p>}
      {proof.configurationKey ? (
        <p>
          Configuration key <code>{proof.configurationKey}</code>
        </p>
      ) : null}
    </section>
  );
}
