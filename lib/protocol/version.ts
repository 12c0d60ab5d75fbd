/** Bumped whenever an event or body changes shape; clients send it on connect and the server refuses a mismatch. */
export const PROTOCOL_VERSION = 2;
