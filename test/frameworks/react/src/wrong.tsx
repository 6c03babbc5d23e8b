// Each line below must fail to type-check (test/package/frameworks.test.mjs reads the errors).
import { SignOutButton } from 'sign-out-button/react';
import type {} from 'sign-out-button/jsx';
import { UserManager } from 'oidc-client-ts';

declare const userManager: UserManager;

export const wrongTag = <sign-out-button mode="sideways" />;
export const wrongComponent = <SignOutButton mode="sideways" />;
export const wrongTagFallback = <sign-out-button fallback="later" />;
// An attribute, not the property: React would write user-manager="[object Object]".
export const wrongTagUserManager = <sign-out-button user-manager={userManager} />;
