// The chunk a click or a hover loads: the sign-out and its preparation. Nothing of it is part of
// the element's first load (shell/chunks.ts loads it).
export { runSignOut, signOut } from './sign-out.js';
export { prepareSignOut, warmSignOut } from './prepare-sign-out.js';
