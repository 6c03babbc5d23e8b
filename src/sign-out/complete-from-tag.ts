import { toSignOutError } from '../core/errors.js';
import { completeSignOut } from './complete-sign-out.js';

/**
 * The return page of a drop-in file whose `<script>` tag carries `data-complete-sign-out`: the
 * sign-out is completed with the tag's `data-allowed-origins`, so the page needs no inline script
 * (`script-src 'self'`). Nothing is thrown to the page: a failure is written to the console.
 */
export function completeSignOutFromTag(tag: Element): Promise<void> {
  return completeSignOut({ allowedOrigins: tag.getAttribute('data-allowed-origins') ?? undefined }).then(
    () => undefined,
    (error: unknown) => {
      const { code, message } = toSignOutError(error, 'state-mismatch', 'The returned state could not be checked.');
      console.error(`<sign-out-button>: data-complete-sign-out could not complete the sign-out (${code}): ${message}`);
    },
  );
}
