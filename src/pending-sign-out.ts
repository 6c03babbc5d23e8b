import { webStorage } from './storage.js';

/** A sign-out whose `state` went to the provider and has not come back yet. */
export interface PendingSignOut {
  stateId: string;
  authority: string;
  clientId: string;
  sentAt: number;
}

const PENDING_KEY = 'sign-out-button.pending';
/** A return later than this is treated as a stray visit, not the answer to a sign-out. */
const PENDING_LIFETIME_MS = 15 * 60 * 1000;

function readAll(storage: Storage): PendingSignOut[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(PENDING_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    const now = Date.now();
    return (parsed as PendingSignOut[]).filter(
      (entry) => typeof entry?.stateId === 'string' && now - entry.sentAt < PENDING_LIFETIME_MS,
    );
  } catch {
    return [];
  }
}

function writeAll(storage: Storage, entries: PendingSignOut[]): void {
  try {
    if (entries.length) storage.setItem(PENDING_KEY, JSON.stringify(entries));
    else storage.removeItem(PENDING_KEY);
  } catch {
    // Blocked storage: the return page then cannot tell a missing state from no state.
  }
}

/** Remembers that `state` was sent, so that a return without it is caught (`state-missing`). */
export function recordPendingSignOut(entry: Omit<PendingSignOut, 'sentAt'>): void {
  const storage = webStorage('local');
  if (storage) writeAll(storage, [...readAll(storage), { ...entry, sentAt: Date.now() }]);
}

/** Takes the record of the sign-out that sent `stateId`, or of all pending ones when `null`. */
export function takePendingSignOuts(stateId: string | null): PendingSignOut[] {
  const storage = webStorage('local');
  if (!storage) return [];
  const entries = readAll(storage);
  const taken = entries.filter((entry) => stateId === null || entry.stateId === stateId);
  writeAll(
    storage,
    entries.filter((entry) => !taken.includes(entry)),
  );
  return taken;
}
