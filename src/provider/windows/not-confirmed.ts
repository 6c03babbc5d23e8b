/** The provider's return to the return page was not seen in time: the mode's fallback decides. */
export class NotConfirmedError extends Error {
  /** How the request had been sent, for the result. */
  method: 'get' | 'post' = 'get';

  constructor(message: string) {
    super(message);
    this.name = 'NotConfirmedError';
  }
}
