/**
 * Thrown inside a task whose intent was cancelled (`reset()`, `dispose()`, or a fresh intent):
 * it unwinds the task and is never shown, because the session has moved on.
 */
export class IntentCancelled extends Error {
  override name = 'IntentCancelled'
  constructor() {
    super('The payment intent was cancelled.')
  }
}
