/** Sign-in attempts allowed per minute, counted two ways (both must allow an attempt). */
export interface SignInLimits {
  /**
   * Per client address, whatever the names tried: one address spraying one password over every
   * username. Blocked here, an attempt does not count against the name it tried.
   */
  readonly perAddress: number;
  /** Per username, whatever the addresses: one name guessed from many addresses. */
  readonly perUsername: number;
}

/**
 * Per address 100: the officials of one office (a ward's People's Committee, a department, the
 * City Office, up to ~100–150 people) reach the relay through one NAT address, and they sign in
 * at the start of the morning, most of them within a few minutes of each other. A session lasts
 * 30 days, so a sign-in is rare per person; 100 a minute lets a whole large office, typos
 * included, sign in within two minutes, and someone refused waits under a minute. For an
 * attacker it is 100 guesses a minute per address (each costing the relay one 32 MiB scrypt,
 * ~10% of a core at that rate), and every name is capped separately below.
 *
 * Per username 10: a person who mistypes tries a few times, not ten in a minute. Someone else
 * can use up a name's attempts from anywhere and so keep that person from signing in, but only
 * for the rest of the minute, and sessions already open are untouched.
 */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 100, perUsername: 10 };

/** The window both limits count in. */
export const SIGN_IN_WINDOW_MS = 60_000;
