/** The provider's return to the return page was not seen in time: the mode's fallback decides. */
export class NotConfirmedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotConfirmedError';
  }
}
