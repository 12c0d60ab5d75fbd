/** Stable error codes carried by every failed acknowledgement and HTTP error body. Clients switch on these, never on messages. */
export const ErrorCode = {
  // Transport and validation
  INVALID_PAYLOAD: "INVALID_PAYLOAD",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNKNOWN_EVENT: "UNKNOWN_EVENT",
  RATE_LIMITED: "RATE_LIMITED",
  PROTOCOL_MISMATCH: "PROTOCOL_MISMATCH",
  NOT_FOUND: "NOT_FOUND",
  INTERNAL: "INTERNAL",
  UNAVAILABLE: "UNAVAILABLE",
  /** POST/DELETE bodies must be application/json. */
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** A write or a socket from a page on another origin. */
  FORBIDDEN_ORIGIN: "FORBIDDEN_ORIGIN",
  /** An import over the size or event cap. */
  IMPORT_TOO_LARGE: "IMPORT_TOO_LARGE",
  /** An import whose log breaks the rules, does not fold in its budget, or whose scores do not reproduce. */
  IMPORT_REJECTED: "IMPORT_REJECTED",
  // Identity and roles
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND",
  NOT_HOST: "NOT_HOST",
  NOT_PLAYER: "NOT_PLAYER",
  INVALID_TOKEN: "INVALID_TOKEN",
  PLAYER_KICKED: "PLAYER_KICKED",
  PLAYER_NOT_FOUND: "PLAYER_NOT_FOUND",
  /** One player token is open on too many devices at once. */
  TOO_MANY_DEVICES: "TOO_MANY_DEVICES",
  /** Until a session ends its log is the host's only. */
  NOT_PUBLIC_YET: "NOT_PUBLIC_YET",
  // Joining
  NICKNAME_TAKEN: "NICKNAME_TAKEN",
  SESSION_LOCKED: "SESSION_LOCKED",
  SESSION_FULL: "SESSION_FULL",
  /** A nickname that is blank-looking, invisible, or made of characters not allowed on a projector. */
  NICKNAME_INVALID: "NICKNAME_INVALID",
  /** A nickname the profanity filter refused. */
  NICKNAME_NOT_ALLOWED: "NICKNAME_NOT_ALLOWED",
  /** This connection already joined a player. */
  ALREADY_JOINED: "ALREADY_JOINED",
  // Session flow
  SESSION_ENDED: "SESSION_ENDED",
  SESSION_PAUSED: "SESSION_PAUSED",
  ROUND_CLOSED: "ROUND_CLOSED",
  ROUND_OPEN: "ROUND_OPEN",
  NO_OPEN_ROUND: "NO_OPEN_ROUND",
  NOT_REVEALED: "NOT_REVEALED",
  NO_GUESSES: "NO_GUESSES",
  ALPHA_OUT_OF_RANGE: "ALPHA_OUT_OF_RANGE",
  /** A β outside BETA_LIMITS (the socket schema refuses it first; stored and forwarded guesses are checked again). */
  BETA_OUT_OF_RANGE: "BETA_OUT_OF_RANGE",
  /** An α sent in a round that asks for β, or a β in a round that asks for α. */
  WRONG_GUESS_KIND: "WRONG_GUESS_KIND",
  INVALID_STATE: "INVALID_STATE",
  /** The player changed their guess too often this round. */
  GUESS_LIMIT: "GUESS_LIMIT",
  /** An imported session is a replay: it can only be continued as a new session. */
  SESSION_READ_ONLY: "SESSION_READ_ONLY",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
