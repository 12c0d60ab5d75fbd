/**
 * Abuse limits, all configurable (see README "Limits"). Defaults let a 1,000-seat lecture hall behind one NAT address
 * join within a minute while a script from one address cannot fill a session or flood its log.
 */
export type Limits = {
  /** Joins per minute from one client address; at most a sixth of it in any 10 s (a class is in within the minute, a flood is not). */
  joinsPerAddressPerMinute: number;
  /** New socket connections per minute from one client address; at most a sixth of it in any 10 s. */
  connectionsPerAddressPerMinute: number;
  /** Sockets open at once from one client address. */
  socketsPerAddress: number;
  /** Commands per second from one client address, across all its sockets (bursts of 2 s allowed). */
  commandsPerAddressPerSecond: number;
  /** Commands per second by one player, across all their devices (bursts of 2 s allowed). */
  commandsPerPlayerPerSecond: number;
  /** Sockets one player token may hold at once (a phone and a laptop, say). */
  devicesPerPlayer: number;
  /** Guesses (first one and changes) one player may submit in one round. */
  guessesPerRound: number;
  /** Largest import body, in bytes. */
  importMaxBytes: number;
  /** Most events an imported log may have. */
  importMaxEvents: number;
  /** Imports per hour from one client address. */
  importsPerAddressPerHour: number;
  /** Wall-clock budget for validating and folding one import (ms). */
  importFoldMs: number;
};

export const DEFAULT_LIMITS: Limits = {
  joinsPerAddressPerMinute: 1200,
  connectionsPerAddressPerMinute: 3000,
  socketsPerAddress: 2500,
  commandsPerAddressPerSecond: 2000,
  commandsPerPlayerPerSecond: 10,
  devicesPerPlayer: 3,
  guessesPerRound: 60,
  importMaxBytes: 8 * 1024 * 1024,
  importMaxEvents: 50_000,
  importsPerAddressPerHour: 30,
  importFoldMs: 20_000,
};

/** Environment variable → limit it sets. */
export const LIMIT_ENV = {
  JOINS_PER_ADDRESS_PER_MINUTE: "joinsPerAddressPerMinute",
  CONNECTIONS_PER_ADDRESS_PER_MINUTE: "connectionsPerAddressPerMinute",
  SOCKETS_PER_ADDRESS: "socketsPerAddress",
  COMMANDS_PER_ADDRESS_PER_SECOND: "commandsPerAddressPerSecond",
  COMMANDS_PER_PLAYER_PER_SECOND: "commandsPerPlayerPerSecond",
  DEVICES_PER_PLAYER: "devicesPerPlayer",
  GUESSES_PER_ROUND: "guessesPerRound",
  IMPORT_MAX_BYTES: "importMaxBytes",
  IMPORT_MAX_EVENTS: "importMaxEvents",
  IMPORTS_PER_ADDRESS_PER_HOUR: "importsPerAddressPerHour",
  IMPORT_FOLD_MS: "importFoldMs",
} as const satisfies Record<string, keyof Limits>;
