/** Asks the browser not to sign the person straight back in (Credential Management), where it can. */
export async function preventSilentAccess(): Promise<void> {
  if (typeof navigator.credentials?.preventSilentAccess === 'function') {
    await navigator.credentials.preventSilentAccess();
  }
}
