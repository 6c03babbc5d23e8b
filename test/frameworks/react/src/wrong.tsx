// Each line below must fail to type-check (test/package/frameworks.test.mjs reads the errors).
import { SignOutButton } from 'sign-out-button/react';
import type {} from 'sign-out-button/jsx';

export const wrongTag = <sign-out-button mode="sideways" />;
export const wrongComponent = <SignOutButton mode="sideways" />;
export const wrongTagFallback = <sign-out-button fallback="later" />;
