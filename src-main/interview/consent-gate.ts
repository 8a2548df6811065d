/**
 * The candidate's consent, as the interview asks for it (src-main/consent
 * implements it): every call that carries or records the candidate's voice
 * or words asks first. The speaker test and the practice question's text
 * carry nothing of theirs, so they do not.
 */
export interface ConsentGate {
  /** Refuses (forbidden, saying what to do) a candidate who has not agreed to the current notice. */
  admit(candidateId: string): void;
}

/** Where nothing asks for consent: tests and benchmarks that build the interview alone. */
export const noConsentAsked: ConsentGate = { admit: () => {} };
