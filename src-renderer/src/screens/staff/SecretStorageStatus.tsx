/** What `secrets.getStatus` says about where secrets are kept. */
export interface SecretStorageFacts {
  backend: string;
  problem: string | null;
}

export interface SecretStorageView {
  /** The "Storage:" line. */
  storage: string;
  /** Shown prominently, above the forms, when secrets cannot be kept or read. */
  problem: { title: string; text: string; consequence: string | null } | null;
}

/** The main process reports 'unavailable' as its backend when no keychain works on this device. */
const NO_STORE = 'unavailable';

export function secretStorageView(facts: SecretStorageFacts): SecretStorageView {
  const none = facts.backend === NO_STORE;
  const storage = none ? 'none — no keychain is available on this device' : facts.backend;
  if (!facts.problem) return { storage, problem: null };
  return {
    storage,
    problem: {
      title: none ? 'Secrets cannot be stored on this device' : 'A stored secret cannot be read',
      text: facts.problem,
      consequence: none ? 'Until it is fixed, AI interviews, resume reading, email and sync do not work on this device.' : null,
    },
  };
}

/**
 * The storage line, and when something is wrong, an alert with the main
 * process's message: it is written for IT and says what to configure, so it
 * is shown whole.
 */
export function SecretStorageStatus(facts: SecretStorageFacts) {
  const view = secretStorageView(facts);
  return (
    <>
      {view.problem ? (
        <div role="alert" className="alert alert-error" aria-labelledby="secret-storage-problem">
          <p id="secret-storage-problem">{view.problem.title}</p>
          <p className="alert-detail">{view.problem.text}</p>
          {view.problem.consequence ? <p className="alert-detail">{view.problem.consequence}</p> : null}
        </div>
      ) : null}
      <p className="field-hint">Storage: {view.storage}</p>
    </>
  );
}
