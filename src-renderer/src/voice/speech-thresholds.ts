/**
 * The voice detector's frame probabilities (Silero VAD, 0..1) that mean
 * speech and silence: a frame at or above `speech` starts or carries on
 * speech; one below `silence` counts toward its end. Between them the
 * detector keeps what it was doing. Shared by the detector and the live
 * audio sender, which must agree on what a pause is.
 */
export const speechThresholds = { speech: 0.5, silence: 0.35 } as const;
