/** Main answers a second registration with this; the register screen leads its alert with the same sentence, so it must match. */
export const ALREADY_REGISTERED = 'This email is already registered.';
