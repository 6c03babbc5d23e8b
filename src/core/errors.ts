/** What went wrong, as a stable value an app can switch on. */
export type SignOutErrorCode =
  | 'invalid-config'
  | 'unsafe-url'
  | 'discovery'
  | 'no-end-session-endpoint'
  | 'popup-blocked'
  | 'state-mismatch'
  | 'state-missing'
  | 'aborted'
  | 'load-failed'
  | 'storage';

// A JWT (header.payload.signature, base64url): never allowed into a message.
const JWT_PATTERN = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/** Removes anything shaped like a JWT, so no ID token reaches a message, the console or an event. */
export function redactTokens(text: string): string {
  return text.replace(JWT_PATTERN, '[redacted token]');
}

/** The one error type of the package: every rejection and every `sign-out-error` carries one. */
export class SignOutError extends Error {
  readonly code: SignOutErrorCode;

  constructor(code: SignOutErrorCode, message: string, options?: { cause?: unknown }) {
    super(redactTokens(message), options);
    this.name = 'SignOutError';
    this.code = code;
  }
}

/** Turns anything thrown into a `SignOutError`, keeping one that already is. */
export function toSignOutError(error: unknown, code: SignOutErrorCode, message: string): SignOutError {
  if (error instanceof SignOutError) return error;
  const reason = error instanceof Error ? `: ${error.message}` : '';
  return new SignOutError(code, `${message}${reason}`, { cause: error });
}
