"use client";
/**
 * Tokens kept in this browser: a phone's player token per session, and the host's tokens for sessions it created.
 * localStorage survives reloads, locked screens and closed tabs; tokens never go into a URL.
 */
const PLAYER_KEY = (sessionId: string) => `backprop-live:player:${sessionId}`;
const PLAYER_BY_CODE_KEY = (code: string) => `backprop-live:player-code:${code}`;
const HOST_SESSIONS_KEY = "backprop-live:host-sessions";

export type PlayerCredentials = { sessionId: string; playerId: string; playerToken: string; joinCode: string; nickname: string };
export type HostSessionRecord = {
  sessionId: string;
  hostToken: string;
  joinCode: string;
  scenario: string;
  title: string;
  createdAt: number;
};

function read<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full quota: the session still works until the tab closes.
  }
}

export function savePlayer(credentials: PlayerCredentials): void {
  write(PLAYER_KEY(credentials.sessionId), credentials);
  write(PLAYER_BY_CODE_KEY(credentials.joinCode), credentials);
}

export function playerForCode(joinCode: string): PlayerCredentials | null {
  return read<PlayerCredentials>(PLAYER_BY_CODE_KEY(joinCode));
}

export function forgetPlayer(credentials: Pick<PlayerCredentials, "sessionId" | "joinCode">): void {
  try {
    window.localStorage.removeItem(PLAYER_KEY(credentials.sessionId));
    window.localStorage.removeItem(PLAYER_BY_CODE_KEY(credentials.joinCode));
  } catch {
    // ignore: nothing to forget
  }
}

export function hostSessions(): HostSessionRecord[] {
  return read<HostSessionRecord[]>(HOST_SESSIONS_KEY) ?? [];
}

export function hostSession(sessionId: string): HostSessionRecord | null {
  return hostSessions().find((s) => s.sessionId === sessionId) ?? null;
}

export function saveHostSession(record: HostSessionRecord): void {
  write(HOST_SESSIONS_KEY, [record, ...hostSessions().filter((s) => s.sessionId !== record.sessionId)]);
}
