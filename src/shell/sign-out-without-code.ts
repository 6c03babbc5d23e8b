// The sign-out when its code cannot be loaded (a deploy replaced the hashed chunks, the network
// dropped): a person who clicked "Sign out" is signed out of the site all the same. This is what
// the first load can do on its own; the provider is not contacted, since its request needs the
// code that failed to load.
import { SignOutError } from '../core/errors.js';
import { dispatchSignOutEvent, reportSignOutError } from '../core/events.js';
import { attributeProblems, list, nonEmpty, storageAreas, withoutBlanks } from '../options/checks.js';
import { defaultOf, type SignOutOptions } from '../options/option-table.js';
import { clearLocalTraces } from '../sign-out/local-traces.js';
import { broadcastSignOut } from '../tabs/channel.js';

/**
 * `sign-out-start`, the local sign-out (the stored user removed, storage cleared as configured,
 * the browser asked not to sign the person back in), the record for pages in the back/forward
 * cache, the other tabs told, then `sign-out-error` with `loadError` (`load-failed`). Options it
 * cannot read are `invalid-config` with nothing changed, as in the full sign-out.
 */
export async function signOutWithoutCode(
  options: SignOutOptions,
  target: EventTarget,
  loadError: SignOutError,
  onStarted: () => void = () => undefined,
): Promise<never> {
  const given = withoutBlanks(options);
  let areas;
  try {
    const [problem] = attributeProblems(given);
    if (problem) throw new SignOutError('invalid-config', problem);
    areas = storageAreas(given.clearStorage);
  } catch (error) {
    reportSignOutError(target, error as SignOutError);
    throw error;
  }
  if (
    given.signal?.aborted ||
    !dispatchSignOutEvent(target, 'sign-out-start', { mode: given.mode ?? defaultOf('mode') }, true)
  ) {
    throw new SignOutError('aborted', 'The sign-out was cancelled: nothing was changed.');
  }
  onStarted();
  const spa = given.userManager?.settings;
  // The SPA's UserManager wins over the attributes it covers, as in the full sign-out.
  const authority = nonEmpty(spa?.authority ?? given.authority);
  const clientId = nonEmpty(spa?.client_id ?? given.clientId);
  const where = {
    userManager: given.userManager ?? null,
    authority,
    clientId,
    userStore: given.userStore ?? defaultOf('userStore'),
  };
  const clearing = await clearLocalTraces(where, areas, list(given.keepStorage));
  if (!given.noBroadcast) broadcastSignOut({ authority, clientId, clearing });
  reportSignOutError(target, loadError);
  throw loadError;
}
