// oidc-client-ts, loaded on first use so that a page pays for it only when someone signs out. Part
// of the first load (the element starts it beside the sign-out chunk, not after it).
import type * as OidcClientTsModule from 'oidc-client-ts';
import { loadOnce, type Chunk } from '../platform/load-once.js';

type OidcClientTs = typeof OidcClientTsModule;

export const oidcClientTsChunk: Chunk<OidcClientTs> = { import: () => import('oidc-client-ts') };

export const loadOidcClientTs = (): Promise<OidcClientTs> => loadOnce(oidcClientTsChunk, 'oidc-client-ts chunk');
