/**
 * Every top-level navigation the package makes goes through here, so that tests can watch
 * where a sign-out would go without leaving the test page.
 */
export const navigation = {
  assign(url: string): void {
    window.location.assign(url);
  },
  replace(url: string): void {
    window.location.replace(url);
  },
};
